export { testDatabaseUrl, dropTestDatabases, usingMysql } from './databases.js';
export { startProcess, type ProcessHandle, type ProcessName } from './processes.js';
export { startSystem, type SystemHandle, type SystemOptions } from './system.js';
export { httpClient, type TestHttp, type HttpClientOptions } from './http.js';
export { contractClient } from './contract-client.js';
export { ContractSpec, ContractViolation, contractOf, contractHook } from './contract.js';
export { waitFor } from './wait-for.js';
export { LogCollector } from './log-collector.js';
export { freePort } from './free-port.js';
