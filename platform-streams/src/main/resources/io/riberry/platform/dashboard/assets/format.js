// How times, durations, sizes and rates read on screen.

export function time(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

/** 850ms, 12s, 3m 04s, 2h 05m, 3d 4h. */
export function duration(millis) {
  if (millis === null || millis === undefined || Number.isNaN(millis)) {
    return '';
  }
  const ms = Math.max(0, Math.round(millis));
  if (ms < 1000) {
    return ms + 'ms';
  }
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) {
    return seconds + 's';
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return minutes + 'm ' + String(seconds % 60).padStart(2, '0') + 's';
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return hours + 'h ' + String(minutes % 60).padStart(2, '0') + 'm';
  }
  return Math.floor(hours / 24) + 'd ' + (hours % 24) + 'h';
}

/** How long an execution ran (or has been running, measured against now). */
export function executionDuration(execution, now = Date.now()) {
  if (!execution.startedAt) {
    return '';
  }
  const end = execution.completedAt ? Date.parse(execution.completedAt) : now;
  return duration(end - Date.parse(execution.startedAt));
}

export function age(iso, now = Date.now()) {
  return iso ? duration(now - Date.parse(iso)) + ' ago' : 'never';
}

export function percent(value) {
  return value === null || value === undefined ? '' : (Math.round(value * 10) / 10) + '%';
}

export function bytes(size) {
  if (size === null || size === undefined) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
}

export function rate(stepsPerSecond) {
  return stepsPerSecond === null || stepsPerSecond === undefined ? '' : (Math.round(stepsPerSecond * 10) / 10) + '/s';
}

export const TERMINAL = new Set(['SUCCESS', 'FAILURE']);
