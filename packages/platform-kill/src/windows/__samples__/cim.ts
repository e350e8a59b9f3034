/**
 * Canned output of the Windows adapter's process-table command (see ../commands.ts):
 *   Get-CimInstance -ClassName Win32_Process | Select-Object ProcessId,ParentProcessId,Name,
 *     CommandLine,@{Name='CreationDate';Expression={$_.CreationDate.ToUniversalTime().ToString('o')}},
 *     WorkingSetSize,KernelModeTime,UserModeTime | ConvertTo-Json -Compress
 * in the shape ConvertTo-Json documents: an array of objects for several rows, a single object
 * for one row, nothing for none. Property names and types are those of the Win32_Process CIM
 * class (ProcessId/ParentProcessId uint32, WorkingSetSize/KernelModeTime/UserModeTime uint64,
 * CommandLine null when not readable). Pids are made up; only a fake runner ever serves them.
 *
 * The world: 80100 explorer; 80200 node server (root) → 80201 cmd → 80202 node worker;
 * 80200 → 80203 conhost; 80300 bystander whose ParentProcessId 80200 is a REUSED pid (it
 * started before 80200, so it is not 80200's child); System (4) and Idle (0).
 */
export const CIM_TABLE = JSON.stringify([
  {
    ProcessId: 0,
    ParentProcessId: 0,
    Name: 'System Idle Process',
    CommandLine: null,
    CreationDate: null,
    WorkingSetSize: 8192,
    KernelModeTime: 0,
    UserModeTime: 0,
  },
  {
    ProcessId: 4,
    ParentProcessId: 0,
    Name: 'System',
    CommandLine: null,
    CreationDate: '2024-01-15T08:00:00.0000000Z',
    WorkingSetSize: 155648,
    KernelModeTime: 0,
    UserModeTime: 0,
  },
  {
    ProcessId: 80100,
    ParentProcessId: 4,
    Name: 'explorer.exe',
    CommandLine: 'C:\\Windows\\Explorer.EXE',
    CreationDate: '2024-01-15T08:01:00.1000000Z',
    WorkingSetSize: 104857600,
    KernelModeTime: 50000000,
    UserModeTime: 150000000,
  },
  {
    ProcessId: 80300,
    ParentProcessId: 80200,
    Name: 'bystander.exe',
    CommandLine: '"C:\\Tools\\bystander.exe"',
    CreationDate: '2024-01-15T09:00:00.0000000Z',
    WorkingSetSize: 4096000,
    KernelModeTime: 0,
    UserModeTime: 0,
  },
  {
    ProcessId: 80200,
    ParentProcessId: 80100,
    Name: 'node.exe',
    CommandLine: '"C:\\Program Files\\nodejs\\node.exe" server.js --port 3000',
    CreationDate: '2024-01-15T10:30:00.1234567Z',
    WorkingSetSize: 52428800,
    KernelModeTime: 10000000,
    UserModeTime: 25000000,
  },
  {
    ProcessId: 80201,
    ParentProcessId: 80200,
    Name: 'cmd.exe',
    CommandLine: 'C:\\Windows\\system32\\cmd.exe /d /s /c "node worker.js"',
    CreationDate: '2024-01-15T10:30:01.0000000Z',
    WorkingSetSize: 4194304,
    KernelModeTime: 0,
    UserModeTime: 0,
  },
  {
    ProcessId: 80202,
    ParentProcessId: 80201,
    Name: 'node.exe',
    CommandLine: 'node  worker.js "a) b (c"',
    CreationDate: '2024-01-15T10:30:02.0000000Z',
    WorkingSetSize: 41943040,
    KernelModeTime: 0,
    UserModeTime: 0,
  },
  {
    ProcessId: 80203,
    ParentProcessId: 80200,
    Name: 'conhost.exe',
    CommandLine: '\\??\\C:\\Windows\\system32\\conhost.exe 0x4',
    CreationDate: '2024-01-15T10:30:00.2000000Z',
    WorkingSetSize: 6291456,
    KernelModeTime: 0,
    UserModeTime: 0,
  },
]);

/** One row: ConvertTo-Json prints a bare object, not an array. */
export const CIM_ONE =
  '{"ProcessId":80200,"ParentProcessId":80100,"Name":"node.exe","CommandLine":"node server.js","CreationDate":"2024-01-15T10:30:00.1234567Z","WorkingSetSize":52428800,"KernelModeTime":10000000,"UserModeTime":25000000}';

/**
 * Plain `Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,CreationDate | ConvertTo-Json`
 * on Windows PowerShell 5.1, which renders DateTime as "\/Date(<ms since epoch>)\/", pretty-printed.
 */
export const CIM_PS51_DEFAULT = `{
    "ProcessId":  80200,
    "ParentProcessId":  80100,
    "CreationDate":  "\\/Date(1705314600123)\\/"
}`;

/** taskkill.exe messages as printed on English Windows (texts from Microsoft's taskkill documentation and real runs). */
export const TASKKILL = {
  gracefulOk: (pid: number, parent: number) =>
    `SUCCESS: Sent termination signal to the process with PID ${pid}, child of PID ${parent}.\r\n`,
  forceOk: (pid: number, parent: number) =>
    `SUCCESS: The process with PID ${pid} (child process of PID ${parent}) has been terminated.\r\n`,
  notFound: (pid: number) => `ERROR: The process "${pid}" not found.\r\n`,
  forceOnly: (pid: number, parent: number) =>
    `ERROR: The process with PID ${pid} (child process of PID ${parent}) could not be terminated.\r\nReason: This process can only be terminated forcefully (with /F option).\r\n`,
};
