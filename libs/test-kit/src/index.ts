export { testDatabaseUrl, dropTestDatabases, usingMysql } from './databases.js';
export {
  startProcess,
  READY_TIMEOUT_MS,
  type ProcessHandle,
  type ProcessName,
  type StartOptions,
} from './processes.js';
export { startSystem, UNLIMITED, SLOW_MACHINE_DEADLINES, type SystemHandle, type SystemOptions } from './system.js';
export { httpClient, type TestHttp, type HttpClientOptions } from './http.js';
export { contractClient } from './contract-client.js';
export { contractFetch } from './contract-fetch.js';
export { ContractSpec, ContractViolation, contractOf, contractHook } from './contract.js';
export { waitFor } from './wait-for.js';
export { LogCollector } from './log-collector.js';
export { freePort } from './free-port.js';
