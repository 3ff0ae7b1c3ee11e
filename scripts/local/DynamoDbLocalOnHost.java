import java.io.File;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * DynamoDB Local on one address. The jar has no option for its listening address (its -help
 * lists -port, -inMemory, -dbPath, -sharedDb, -cors, … and no host): its Jetty server listens on
 * every interface. This builds the server as the jar's own main class does, from the same
 * command line options, binds its connectors to the address given first, and starts it.
 * Run in Java's source-file mode (a JDK, Java 11+), by scripts/local/engines.ts:
 *
 *   java -Djava.library.path=…/DynamoDBLocal_lib DynamoDbLocalOnHost.java HOST …/DynamoDBLocal.jar -port P …
 */
public class DynamoDbLocalOnHost {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    URL jar = new File(args[1]).toURI().toURL();
    String[] options = Arrays.copyOfRange(args, 2, args.length);
    // The jar's manifest Class-Path brings DynamoDBLocal_lib/*.jar along.
    ClassLoader loader = new URLClassLoader(new URL[] { jar }, DynamoDbLocalOnHost.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> runner = Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner", true, loader);
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) options);
    // DynamoDBProxyServer keeps its org.eclipse.jetty.server.Server in a private field `server`.
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Object connector : connectors) connector.getClass().getMethod("setHost", String.class).invoke(connector, host);
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
