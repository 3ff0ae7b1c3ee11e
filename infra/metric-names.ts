/**
 * The custom metric names (functions/core/metric-names.ts: plain constants, no imports, the module
 * the functions emit with), for infra/: the Powertools variables, the alarms and the dashboard.
 * infra/ reads functions/ only through constants modules (biome.json's infra allow-list); this is
 * the one place infra/ imports metric-names.ts, which the allow-list names.
 */
export * from '#core/metric-names.ts';
