#!/bin/sh
# Soak command of bench/syscalls.sh: load.mjs starts it as a server's soak begins, with PID set.
# Skips the first 3 s, then counts the server's system calls, switches and CPU for PERF_SECONDS.
sleep 3
exec perf stat -x, -o "$PERF_OUT/$(ps -o comm= -p "$PID").csv" -p "$PID" \
  -e raw_syscalls:sys_enter,syscalls:sys_enter_read,syscalls:sys_enter_writev \
  -e syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait \
  -e syscalls:sys_enter_futex,context-switches,task-clock -- sleep "$PERF_SECONDS"
