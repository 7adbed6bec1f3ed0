/**
 * Wall-clock and process CPU time. The machines running this are often shared, so CPU time
 * (user + system, all threads of this process) is the figure that does not move with load;
 * wall time is printed beside it.
 */
export interface Elapsed {
  wallMs: number;
  cpuMs: number;
}

export function startClock(): () => Elapsed {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { wallMs: performance.now() - wall0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}
