// One execution: its states with their times, the job's inputs, progress, streams with live bars,
// artifacts (downloads, error stack traces), anomalies, and cancel / re-run. Kept current by
// /live/executions/{id}: a state change carries the execution; 'activity' says to refetch streams and artifacts.
import {api, live, mayOperate, text, throttle} from './api.js';
import {facts, fill, h, link, path, problem, section, statusBadge, table} from './dom.js';
import {bytes, duration, executionDuration, percent, rate, time, TERMINAL} from './format.js';

// Fatal errors' traces are open; a step's intercepted error (it fell back) opens on demand.
const FATAL_TRACES_SHOWN_OPEN = 3;
const ARRIVING_RECHECK_MS = 1000;

export async function executionPage(main, executionId) {
  const parts = {
    head: h('div', {class: 'page-head'}),
    actions: h('div', {class: 'actions'}),
    message: h('div', {class: 'messages', 'aria-live': 'polite'}),
    summary: h('div', {class: 'grid'}),
    streams: h('div', {id: 'streams'}),
    artifacts: h('div', {id: 'artifacts'}),
    anomalies: h('div', {id: 'anomalies'}),
    error: h('div', {id: 'error'}),
  };
  fill(main, parts.head, parts.actions, parts.message, parts.summary, parts.error,
      section('Streams', parts.streams), section('Artifacts', parts.artifacts), parts.anomalies);

  const page = {executionId, execution: null, job: null, parts, shownTraces: new Map()};
  const refreshActivity = throttle(() => {
    loadExecution(page);
    loadStreams(page);
    loadArtifacts(page);
  }, 500);
  const loadAll = async () => {
    await loadExecution(page);
    if (page.execution) {
      await Promise.all([loadJob(page), loadStreams(page), loadArtifacts(page)]);
    }
  };
  const follow = () => live(path('/live/executions', executionId), {
    ready: loadAll,
    execution: (execution) => {
      if (!page.execution || (execution.version ?? 0) >= (page.execution.version ?? 0)) {
        const wasTerminal = page.execution && TERMINAL.has(page.execution.status);
        showExecution(page, execution);
        if (!wasTerminal && TERMINAL.has(execution.status)) {
          // Its last streams and artifacts (a cancel's, an error's) come with the end.
          refreshActivity();
        }
      }
    },
    activity: refreshActivity,
  });
  await loadExecution(page);
  if (page.execution) {
    follow();
  } else {
    // Not recorded (yet): a job just submitted gets its execution id before the platform stores it.
    // The listing's feed says when it appears; then the page follows it as usual.
    const stopWaiting = live('/live/executions', {
      execution: (execution) => {
        if (execution.executionId === executionId) {
          stopWaiting();
          fill(parts.message);
          follow();
        }
      },
    });
  }
  // A running duration ticks without asking the server.
  setInterval(() => {
    if (page.execution && !TERMINAL.has(page.execution.status)) {
      const cell = document.getElementById('duration');
      if (cell) {
        cell.textContent = executionDuration(page.execution);
      }
    }
  }, 1000);
}

async function loadExecution(page) {
  try {
    showExecution(page, await api(path('/executions', page.executionId)));
  } catch (error) {
    if (!page.execution) {
      fill(page.parts.head, h('h1', {}, 'Execution ' + page.executionId));
    }
    fill(page.parts.message, problem(error.message));
  }
}

async function loadJob(page) {
  try {
    page.job = await api(path('/jobs', page.execution.jobId));
    showExecution(page, page.execution);
  } catch (error) {
    page.parts.message.append(problem('The job: ' + error.message));
  }
}

function showExecution(page, execution) {
  page.execution = execution;
  const {parts} = page;
  fill(parts.head,
      h('h1', {}, h('span', {class: 'muted'}, 'Execution '), execution.jobName),
      statusBadge(execution.status));
  parts.head.dataset.status = execution.status;
  drawActions(page);
  const states = [
    ['RECEIVED', execution.createdAt],
    ['READY', execution.readyAt],
    ['ACTIVE', execution.startedAt],
    [TERMINAL.has(execution.status) ? execution.status : 'SUCCESS / FAILURE', execution.completedAt],
  ];
  const timeline = h('ol', {class: 'timeline', 'aria-label': 'States'},
      states.map(([state, at]) => h('li', {class: at ? 'reached' : 'pending', 'data-state': state},
          h('span', {class: 'state'}, state), h('time', {datetime: at || ''}, at ? time(at) : '—'))));
  const progress = execution.progress || {};
  const progressCard = section('Progress',
      h('p', {id: 'progress-message', class: 'progress-message'}, execution.progressMessage || (TERMINAL.has(execution.status) ? '' : 'No progress reported yet')),
      progress.percentComplete !== undefined && progress.percentComplete !== null
          ? h('div', {class: 'bar-line'}, bar(progress.percentComplete, 100, 'Execution progress'),
              h('span', {id: 'execution-percent'}, percent(progress.percentComplete)))
          : null,
      counts(progress));
  const jobFacts = section('Job', facts([
    ['Form', link(path('/forms', execution.form), execution.form)],
    ['Instance', link(path('/instances', execution.instance), execution.instance)],
    ['Application', execution.application],
    ['Job', link(path('/jobs', execution.jobId), execution.jobId)],
    ['Execution id', h('code', {}, execution.executionId)],
    ['Attempt', String(execution.attempt)],
    ['Priority', String(execution.priority)],
    ['Submitted by', page.job && page.job.submittedBy],
    ['Process', execution.processId],
    ['Duration', h('span', {id: 'duration'}, executionDuration(execution))],
  ]));
  fill(parts.summary, section('Status', timeline), progressCard, jobFacts, inputsCard(page.job));
  if (execution.error) {
    fill(parts.error, section('Error',
        h('p', {class: 'error-type'}, execution.error.type + (execution.error.message ? ': ' + execution.error.message : '')),
        execution.error.stackTrace ? h('pre', {class: 'trace'}, execution.error.stackTrace) : null));
  } else {
    fill(parts.error);
  }
  const anomalies = execution.anomalies || [];
  fill(parts.anomalies, anomalies.length === 0 ? null : section('Anomalies (' + (execution.anomalyCount ?? anomalies.length) + ')',
      h('p', {class: 'muted'}, 'Events the platform rejected and kept for inspection.'),
      table(['At', 'Event', 'Id', 'Reason'], anomalies.map((anomaly) => h('tr', {},
          h('td', {}, time(anomaly.at)), h('td', {}, anomaly.event), h('td', {}, h('code', {}, anomaly.eventId)),
          h('td', {}, anomaly.reason))))));
}

function inputsCard(job) {
  if (!job) {
    return section('Inputs', h('p', {class: 'muted'}, 'Loading…'));
  }
  const inputs = Object.entries(job.inputs || {});
  const rows = inputs.map(([name, value]) => h('tr', {'data-input': name}, h('th', {scope: 'row'}, name),
      h('td', {}, value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value))));
  for (const file of job.files || []) {
    rows.push(h('tr', {'data-input': file.name}, h('th', {scope: 'row'}, file.name),
        h('td', {}, h('a', {href: file.href, download: file.filename}, file.filename), ' (' + bytes(file.size) + ')')));
  }
  return section('Inputs', rows.length === 0 ? h('p', {class: 'muted'}, 'No inputs') : h('table', {class: 'inputs'}, h('tbody', {}, rows)));
}

function drawActions(page) {
  const {execution, parts} = page;
  const terminal = TERMINAL.has(execution.status);
  // whoami is asked once: these resolve in the order they were asked, so the latest state is drawn last.
  mayOperate(execution.form).then((may) => fill(parts.actions,
      may && !terminal ? h('button', {type: 'button', id: 'cancel', class: 'danger', onclick: () => cancel(page)}, 'Cancel') : null,
      may ? h('button', {type: 'button', id: 'rerun', onclick: () => rerun(page)}, 'Re-run') : null,
      h('a', {href: '/executions?' + new URLSearchParams({form: execution.form}).toString(), class: 'button-link'}, 'Other executions of ' + execution.form)));
}

async function cancel(page) {
  if (!window.confirm('Cancel ' + page.execution.jobName + '? It will end in FAILURE.')) {
    return;
  }
  try {
    await api(path('/executions', page.executionId) + '/cancel', {method: 'POST', body: {}});
    fill(page.parts.message, h('p', {class: 'notice'}, 'Cancel requested.'));
  } catch (error) {
    fill(page.parts.message, problem(error.message));
  }
}

async function rerun(page) {
  try {
    const answer = await api(path('/jobs', page.execution.jobId) + '/executions', {method: 'POST', body: {}});
    window.location.assign(path('/executions', answer.executionId));
  } catch (error) {
    fill(page.parts.message, problem(error.message));
  }
}

async function loadStreams(page) {
  try {
    const answer = await api(path('/executions', page.executionId) + '/streams');
    drawStreams(page.parts.streams, answer.items);
  } catch (error) {
    fill(page.parts.streams, problem(error.message));
  }
}

function drawStreams(container, streams) {
  if (streams.length === 0) {
    fill(container, h('p', {class: 'muted'}, 'No streams yet'));
    return;
  }
  const rows = streams.map((stream) => {
    const progress = stream.progress || {};
    const done = (progress.succeeded || 0) + (progress.failed || 0);
    const declared = stream.expectedTotal !== undefined && stream.expectedTotal !== null;
    // With a declared total the bar fills towards it; without one there is no honest percent: an
    // indeterminate bar while it runs, and the counts and rate beside it.
    const meter = declared
        ? bar(Math.min(done, stream.expectedTotal), stream.expectedTotal, 'Progress of ' + stream.stream)
        : TERMINAL.has(stream.status) ? bar(1, 1, 'Progress of ' + stream.stream) : bar(null, null, 'Progress of ' + stream.stream);
    const eta = declared && progress.etaMillis && !TERMINAL.has(stream.status) ? 'ETA ' + duration(progress.etaMillis) : '';
    return h('tr', {'data-stream': stream.stream, 'data-status': stream.status},
        h('th', {scope: 'row'}, stream.stream, stream.category ? h('div', {class: 'muted small'}, stream.category) : null),
        h('td', {}, statusBadge(stream.status)),
        h('td', {class: 'meter'}, meter, h('span', {class: 'stream-count'}, declared ? done + ' / ' + stream.expectedTotal + (progress.percentComplete !== undefined && progress.percentComplete !== null ? ' · ' + percent(progress.percentComplete) : '') : done + ' done')),
        h('td', {}, counts(progress)),
        h('td', {}, [rate(progress.stepsPerSecond), eta].filter(Boolean).join(' · ')),
        h('td', {}, streamDuration(stream)));
  });
  fill(container, table(['Stream', 'Status', 'Progress', 'Steps', 'Rate', 'Duration'], rows, {class: 'streams'}));
}

function streamDuration(stream) {
  if (!stream.startedAt) {
    return '';
  }
  return duration((stream.completedAt ? Date.parse(stream.completedAt) : Date.now()) - Date.parse(stream.startedAt));
}

/** A <progress>: value/max when known, indeterminate when value is null. */
function bar(value, max, label) {
  const element = h('progress', {'aria-label': label});
  if (value !== null && value !== undefined) {
    element.max = max;
    element.value = value;
  }
  return element;
}

function counts(progress) {
  const parts = [];
  for (const [name, label] of [['succeeded', 'succeeded'], ['failed', 'failed'], ['fallenBack', 'fell back'], ['active', 'active'],
    ['queued', 'queued']]) {
    if (progress[name]) {
      parts.push(h('span', {class: 'count-' + name}, progress[name] + ' ' + label));
    }
  }
  return h('p', {class: 'counts'}, parts.length === 0 ? '' : parts);
}

async function loadArtifacts(page) {
  try {
    const answer = await api(path('/executions', page.executionId) + '/artifacts');
    drawArtifacts(page, answer.items);
    if (answer.items.some((artifact) => artifact.complete === false) && !page.artifactsRecheck) {
      // An artifact's bytes arrive on their own topic, after its metadata: look again until they are all in.
      page.artifactsRecheck = setTimeout(() => {
        page.artifactsRecheck = null;
        loadArtifacts(page);
      }, ARRIVING_RECHECK_MS);
    }
  } catch (error) {
    fill(page.parts.artifacts, problem(error.message));
  }
}

function drawArtifacts(page, artifacts) {
  const container = page.parts.artifacts;
  if (artifacts.length === 0) {
    fill(container, h('p', {class: 'muted'}, 'No artifacts yet'));
    return;
  }
  let errorsShown = 0;
  const rows = [];
  for (const artifact of artifacts) {
    const href = artifact.contentUrl || path('/api/v1/artifacts', artifact.artifactId) + '/content';
    const data = Object.entries(artifact.data || {});
    rows.push(h('tr', {'data-artifact': artifact.artifactId, 'data-type': artifact.type},
        h('td', {}, artifact.name),
        h('td', {}, h('span', {class: 'badge type-' + String(artifact.type).toLowerCase()}, artifact.type),
            artifact.category && artifact.category !== 'Default' ? h('div', {class: 'muted small'}, artifact.category) : null),
        h('td', {}, artifact.complete === false
            ? h('span', {class: 'muted'}, artifact.filename + ' (arriving: ' + bytes(artifact.receivedBytes) + ')')
            : h('a', {href, download: artifact.filename, class: 'download'}, artifact.filename)),
        h('td', {class: 'number'}, bytes(artifact.size)),
        h('td', {}, data.length === 0 ? '' : h('dl', {class: 'data'}, data.map(([key, value]) => [h('dt', {}, key), h('dd', {}, String(value))]))),
        h('td', {}, time(artifact.createdAt))));
    if (artifact.type === 'ERROR' && artifact.complete !== false) {
      rows.push(h('tr', {class: 'trace-row'}, h('td', {colspan: '6'}, traceOf(page, artifact, href, artifact.category !== 'Intercepted' && errorsShown++ < FATAL_TRACES_SHOWN_OPEN))));
    }
  }
  fill(container, table(['Name', 'Type', 'File', 'Size', 'Data', 'Created'], rows, {class: 'artifacts'}));
}

/** An error artifact's stack trace, fetched as text once and kept across redraws. */
function traceOf(page, artifact, href, open) {
  let shown = page.shownTraces.get(artifact.artifactId);
  if (!shown) {
    const pre = h('pre', {class: 'trace', 'data-artifact': artifact.artifactId}, 'Loading…');
    const details = h('details', {open}, h('summary', {}, 'Stack trace of ' + artifact.name), pre);
    let loaded = false;
    const load = () => {
      if (loaded) {
        return;
      }
      loaded = true;
      text(href.replace(/^\/api\/v1/, '')).then((content) => {
        pre.textContent = content;
      }, (error) => {
        pre.textContent = 'Cannot load the trace: ' + error.message;
      });
    };
    details.addEventListener('toggle', () => details.open && load());
    if (open) {
      load();
    }
    shown = details;
    page.shownTraces.set(artifact.artifactId, shown);
  }
  return shown;
}

/** /jobs/{id}: the job, its decision (ACCEPTED, or REJECTED with every reason), inputs and executions. */
export async function jobPage(main, jobId) {
  let job;
  try {
    job = await api(path('/jobs', jobId));
  } catch (error) {
    fill(main, h('h1', {}, 'Job ' + jobId), problem(error.message));
    return;
  }
  drawJob(main, job);
  // Its executions move, and a re-run adds one: the form's listing feed says when to look again.
  const reload = throttle(async () => {
    try {
      drawJob(main, await api(path('/jobs', jobId)));
    } catch (error) {
      // Keep what is shown; the next change tries again.
    }
  }, 500);
  live('/live/executions?' + new URLSearchParams({form: job.form}).toString(), {
    ready: reload,
    execution: (execution) => {
      if (execution.jobId === jobId) {
        reload();
      }
    },
  });
}

function drawJob(main, job) {
  fill(main,
      h('div', {class: 'page-head'}, h('h1', {}, h('span', {class: 'muted'}, 'Job '), job.name), statusBadge(job.status)),
      job.reasons && job.reasons.length ? section('Rejected because', h('ul', {class: 'reasons'}, job.reasons.map((reason) => h('li', {}, reason)))) : null,
      h('div', {class: 'grid'},
          section('Job', facts([
            ['Form', link(path('/forms', job.form), job.form)],
            ['Instance', job.instance ? link(path('/instances', job.instance), job.instance) : null],
            ['Application', job.application],
            ['Job id', h('code', {}, job.jobId)],
            ['Priority', String(job.priority)],
            ['Submitted by', job.submittedBy],
            ['Submitted', time(job.submittedAt)],
            ['Source', job.source],
          ])),
          inputsCard(job)),
      section('Executions', job.executions.length === 0 ? h('p', {class: 'muted'}, 'None') : table(['Status', 'Execution', 'Created', 'Duration'],
          job.executions.map((execution) => h('tr', {'data-execution-id': execution.executionId, 'data-status': execution.status || 'RECEIVED'},
              h('td', {}, statusBadge(execution.status || 'RECEIVED')),
              h('td', {}, link(path('/executions', execution.executionId), execution.executionId)),
              h('td', {}, time(execution.createdAt)),
              h('td', {}, executionDuration(execution)))))));
}
