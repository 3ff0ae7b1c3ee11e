import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * DynamoDB Local on one address. The jar has no option for its listening address (its -help
 * lists -port, -inMemory, -dbPath, -sharedDb, -cors, … and no host): its Jetty server listens on
 * every interface. This builds the server as the jar's own main class does, from the same
 * command line options, binds its connectors to the address given first, and starts it.
 * Run in Java's source-file mode (a JDK, Java 11+), with the jar on the class path, by
 * scripts/local/engines.ts:
 *
 *   java -Djava.library.path=…/DynamoDBLocal_lib -cp …/DynamoDBLocal.jar DynamoDbLocalOnHost.java HOST -port P …
 *
 * A shared store keeps SQLite's temporary tables (its sorts) in memory, not in files under /var/tmp
 * made and removed for each query; on disk (-sharedDb -dbPath DIR, as npm start's) it is also put in SQLite's WAL mode
 * with synchronous=NORMAL on DynamoDB Local's own connection: a commit no longer waits for the
 * disk (the jar's defaults, a rollback journal and synchronous=FULL, fsync three times a write,
 * which was most of the first start's demo load). SQLite's guarantee for that mode: a write is
 * never lost when a process stops, however it stops; only a power cut or an OS crash can take the
 * last commits back, and never leaves the file corrupt. A local store; the deployed table is DynamoDB.
 */
public class DynamoDbLocalOnHost {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(options);
    Connector[] connectors = ((Server) field(proxy, "server")).getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) ((AbstractNetworkConnector) connector).setHost(host);
    List<String> given = Arrays.asList(options);
    // Before the server takes a request: the shared store is opened here, as its first request would.
    if (given.contains("-sharedDb")) tuneStore(proxy, given.contains("-dbPath") && !given.contains("-inMemory"));
    proxy.start();
  }

  /**
   * The shared store's SQLite queue (DynamoDBProxyServer.serverHandler.primaryHandler, the
   * LocalDynamoDBRequestHandler, opens it by getHandler; its LocalDBClient's SQLiteDBAccess holds
   * it) runs the pragmas as one of its jobs, on the connection every request then uses.
   */
  private static void tuneStore(DynamoDBProxyServer proxy, boolean onDisk) throws Exception {
    Object requests = field(field(proxy, "serverHandler"), "primaryHandler");
    Method open = requests.getClass().getDeclaredMethod("getHandler", String.class);
    open.setAccessible(true);
    Object client = open.invoke(requests, "shared");
    SQLiteQueue queue = (SQLiteQueue) field(field(client, "dbAccess"), "queue");
    String mode = queue.execute(new SQLiteJob<String>() {
      @Override
      protected String job(SQLiteConnection connection) throws Throwable {
        connection.exec("PRAGMA temp_store=MEMORY");
        if (!onDisk) return "memory";
        connection.exec("PRAGMA synchronous=NORMAL");
        var statement = connection.prepare("PRAGMA journal_mode=WAL");
        try {
          statement.step();
          return statement.columnString(0);
        } finally {
          statement.dispose();
        }
      }
    }).complete();
    if (onDisk && !"wal".equalsIgnoreCase(mode)) System.err.println("DynamoDB Local: the store stays in SQLite's " + mode + " journal mode");
  }

  /** A private field of `target`'s class or one of its superclasses, by name. */
  private static Object field(Object target, String name) throws Exception {
    for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
      } catch (NoSuchFieldException absent) {
        // a superclass may declare it
      }
    }
    throw new NoSuchFieldException(target.getClass().getName() + "." + name + " (another DynamoDB Local version?)");
  }
}
