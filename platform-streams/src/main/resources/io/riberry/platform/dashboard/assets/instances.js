// Instances (status, heartbeat age ticking here, queue and READY/ACTIVE counts, parameters, schedules),
// one instance, and the cron job schedules. /live/instances says when to refetch.
import {api, live, throttle} from './api.js';
import {facts, fill, h, path, problem, section, statusBadge, table} from './dom.js';
import {age, time} from './format.js';

/** Heartbeat ages are text that ticks once a second; the times they count from are on the elements. */
function tickAges() {
  for (const element of document.querySelectorAll('[data-since]')) {
    element.textContent = age(element.dataset.since);
  }
}

function heartbeat(instance) {
  return instance.lastHeartbeatAt
      ? h('time', {class: 'age', datetime: instance.lastHeartbeatAt, title: instance.lastHeartbeatAt, 'data-since': instance.lastHeartbeatAt},
          age(instance.lastHeartbeatAt))
      : h('span', {class: 'muted'}, 'never');
}

function parameters(values) {
  const entries = Object.entries(values || {});
  return entries.length === 0 ? h('span', {class: 'muted'}, 'none')
      : h('dl', {class: 'data'}, entries.map(([name, value]) => [h('dt', {}, name), h('dd', {}, String(value))]));
}

export async function instancesPage(main) {
  const body = h('div', {id: 'instances'}, h('p', {class: 'muted'}, 'Loading…'));
  const message = h('div', {class: 'messages', 'aria-live': 'polite'});
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, 'Instances')), message, body);
  const load = async () => {
    try {
      const instances = (await api('/instances')).items;
      fill(message);
      fill(body, instances.length === 0 ? h('p', {class: 'empty'}, 'No instances you may see.') :
          table(['Instance', 'Application', 'Status', 'Heartbeat', 'Queued', 'Ready', 'Active', 'Parameters', 'Processes'],
              instances.map((instance) => h('tr', {'data-instance': instance.instance, 'data-status': instance.status},
                  h('td', {}, h('a', {href: path('/instances', instance.instance)}, instance.instance)),
                  h('td', {}, instance.application || ''),
                  h('td', {}, statusBadge(instance.status)),
                  h('td', {}, heartbeat(instance)),
                  h('td', {class: 'number'}, String(instance.queuedCount ?? 0)),
                  h('td', {class: 'number'}, String(instance.readyCount ?? 0)),
                  h('td', {class: 'number'}, String(instance.activeCount ?? 0)),
                  h('td', {}, parameters(instance.parameters)),
                  h('td', {class: 'number'}, String((instance.processes || []).length)))), {class: 'instances'}));
    } catch (error) {
      fill(message, problem(error.message));
    }
  };
  live('/live/instances', {ready: load, changed: throttle(load, 1000)});
  setInterval(tickAges, 1000);
}

export async function instancePage(main, name) {
  const message = h('div', {class: 'messages', 'aria-live': 'polite'});
  const body = h('div', {id: 'instance'});
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, h('span', {class: 'muted'}, 'Instance '), name)), message, body);
  const load = async () => {
    let instance;
    try {
      instance = await api(path('/instances', name));
    } catch (error) {
      fill(message, problem(error.message));
      return;
    }
    fill(message);
    fill(body,
        h('div', {class: 'grid'},
            section('Status', h('p', {}, statusBadge(instance.status)), facts([
              ['Application', instance.application],
              ['Last heartbeat', heartbeat(instance)],
              ['Status since', time(instance.changedAt)],
              ['Queued', String(instance.queuedCount ?? 0)],
              ['Ready', String(instance.readyCount ?? 0)],
              ['Active', String(instance.activeCount ?? 0)],
            ]), h('p', {}, h('a', {href: '/executions?' + new URLSearchParams({instance: name}).toString()}, 'Its executions'))),
            section('Parameters', parameters(instance.parameters))),
        section('Parameter schedules', (instance.schedules || []).length === 0 ? h('p', {class: 'muted'}, 'None') :
            table(['Parameter', 'Value', 'Days', 'From', 'To', 'Time zone', 'Priority'], instance.schedules.map((schedule) => h('tr', {},
                h('td', {}, schedule.parameter), h('td', {}, schedule.value), h('td', {}, schedule.days), h('td', {}, schedule.startTime),
                h('td', {}, schedule.endTime), h('td', {}, schedule.timezone), h('td', {class: 'number'}, String(schedule.priority)))))),
        section('Job schedules', jobSchedulesTable(instance.jobSchedules || [])),
        section('Processes', (instance.processes || []).length === 0 ? h('p', {class: 'muted'}, 'No live worker process') :
            table(['Process', 'Host', 'Started', 'Heartbeat', 'Forms', ''], instance.processes.map((process) => h('tr', {},
                h('td', {}, h('code', {}, process.processId)), h('td', {}, process.host || ''), h('td', {}, time(process.startedAt)),
                h('td', {}, heartbeat(process)), h('td', {}, (process.forms || []).join(', ')),
                h('td', {}, process.stopping ? 'stopping' : ''))))));
  };
  live('/live/instances', {ready: load, changed: throttle(load, 1000)});
  setInterval(tickAges, 1000);
}

/** The job schedules as GET /instances gives them: next run (none when disabled or at its limit), runs so far, last run. */
function jobSchedulesTable(schedules) {
  if (schedules.length === 0) {
    return h('p', {class: 'muted'}, 'None');
  }
  return table(['Schedule', 'Form', 'Cron', 'Time zone', 'Enabled', 'Next run', 'Runs', 'Last run'], schedules.map((schedule) => {
    const nextRun = schedule.nextRunAt;
    const lastRun = schedule.lastRunAt;
    const runs = schedule.totalRuns ?? 0;
    return h('tr', {'data-schedule': schedule.name},
        h('td', {}, schedule.name), h('td', {}, h('a', {href: path('/forms', schedule.form)}, schedule.form)),
        h('td', {}, h('code', {}, schedule.cron)), h('td', {}, schedule.timezone || ''),
        h('td', {}, schedule.enabled === false ? 'no' : 'yes'),
        h('td', {}, nextRun ? time(nextRun) : ''),
        h('td', {class: 'number'}, String(runs)),
        h('td', {}, lastRun ? time(lastRun) : 'never'));
  }), {class: 'schedules'});
}

export async function schedulesPage(main) {
  const message = h('div', {class: 'messages', 'aria-live': 'polite'});
  const body = h('div', {id: 'schedules'}, h('p', {class: 'muted'}, 'Loading…'));
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, 'Schedules')), message, body);
  const load = async () => {
    let instances;
    try {
      // Each instance reports its forms' job schedules and its parameter schedules: together, every schedule the caller may see.
      instances = (await api('/instances')).items;
    } catch (error) {
      fill(message, problem(error.message));
      return;
    }
    const jobSchedules = instances.flatMap((instance) => instance.jobSchedules || []);
    const instanceSchedules = instances.flatMap((instance) => instance.schedules || []);
    fill(message);
    fill(body,
        section('Job schedules', h('p', {class: 'muted'}, 'Cron schedules that submit jobs when due.'), jobSchedulesTable(jobSchedules)),
        section('Instance parameter schedules', instanceSchedules.length === 0 ? h('p', {class: 'muted'}, 'None') :
            table(['Instance', 'Parameter', 'Value', 'Days', 'From', 'To', 'Time zone', 'Priority'], instanceSchedules.map((schedule) => h('tr', {},
                h('td', {}, h('a', {href: path('/instances', schedule.instance)}, schedule.instance)), h('td', {}, schedule.parameter),
                h('td', {}, schedule.value), h('td', {}, schedule.days), h('td', {}, schedule.startTime), h('td', {}, schedule.endTime),
                h('td', {}, schedule.timezone), h('td', {class: 'number'}, String(schedule.priority)))))));
  };
  live('/live/instances', {ready: load, changed: throttle(load, 1000)});
}
