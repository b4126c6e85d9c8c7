// Forms: the list, and a submit page generated from a form's typed inputs (or its JSON Schema), whose
// validation reasons are shown beside the fields they are about.
import {api, live, mayOperate} from './api.js';
import {fill, h, path, problem, section, table} from './dom.js';

export async function formsPage(main) {
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, 'Forms')), h('p', {class: 'muted'}, 'Loading…'));
  let forms;
  try {
    forms = (await api('/forms')).items;
  } catch (error) {
    fill(main, h('h1', {}, 'Forms'), problem(error.message));
    return;
  }
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, 'Forms'), h('span', {class: 'count'}, forms.length + ' forms')),
      forms.length === 0 ? h('p', {class: 'empty'}, 'You may use no form yet: ask an administrator for a group.') :
          table(['Form', 'Application', 'Instance', 'Description', 'Your role', ''], forms.map((form) => h('tr', {'data-form': form.name},
              h('td', {}, h('a', {href: path('/forms', form.name)}, form.name), form.enabled === false ? h('span', {class: 'badge'}, 'disabled') : null),
              h('td', {}, form.application),
              h('td', {}, h('a', {href: path('/instances', form.instance)}, form.instance)),
              h('td', {}, form.description),
              h('td', {}, form.role ? form.role.toLowerCase() : ''),
              h('td', {}, h('a', {href: '/executions?' + new URLSearchParams({form: form.name}).toString()}, 'Executions')))),
          {class: 'forms'}));
}

/**
 * The fields of a form as {name, type, required, multiple, defaultValue, enumValues, description}: its
 * declared inputs, or, for a form described by a JSON Schema, the schema's top-level properties.
 */
function fieldsOf(form) {
  if ((form.inputs || []).length > 0 || !form.jsonSchema) {
    return form.inputs || [];
  }
  let schema;
  try {
    schema = JSON.parse(form.jsonSchema);
  } catch (e) {
    return [];
  }
  const required = new Set(schema.required || []);
  return Object.entries(schema.properties || {}).map(([name, property]) => {
    const items = property.type === 'array' ? property.items || {} : property;
    const type = items.enum ? 'ENUM' : items.type === 'number' || items.type === 'integer' ? 'NUMBER'
        : items.type === 'boolean' ? 'BOOLEAN' : 'TEXT';
    return {name, type, required: required.has(name), multiple: property.type === 'array',
      defaultValue: property.default === undefined ? null : String(property.default), enumValues: items.enum || [],
      description: property.description || property.title || ''};
  });
}

export async function formPage(main, name) {
  let form;
  try {
    form = await api(path('/forms', name));
  } catch (error) {
    fill(main, h('h1', {}, 'Form ' + name), problem(error.message));
    return;
  }
  const summary = h('div', {class: 'messages', id: 'form-problems', 'aria-live': 'assertive'});
  const controls = new Map();
  const fieldsets = [];
  const jobName = h('input', {id: 'job-name', name: 'job-name', type: 'text', required: true, autocomplete: 'off',
    value: form.name + '-' + new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')});
  fieldsets.push(field('job-name', 'Job name', jobName, 'Unique: an execution can be found by its job\'s name', true));
  controls.set('', {control: jobName, wrapper: fieldsets[0]});
  for (const input of fieldsOf(form)) {
    const id = 'input-' + input.name;
    const control = controlFor(id, input);
    const wrapper = field(id, input.name, control, input.description, input.required);
    wrapper.dataset.input = input.name;
    controls.set(input.name, {control, wrapper, input});
    fieldsets.push(wrapper);
  }
  for (const file of form.files || []) {
    const id = 'file-' + file.name;
    const control = h('input', {id, name: id, type: 'file', required: file.required, accept: file.accept ? acceptOf(file.accept) : null});
    const wrapper = field(id, file.name, control, (file.accept ? 'Files matching ' + file.accept + '; ' : '') + 'at most ' + file.maxBytes + ' bytes',
        file.required);
    wrapper.dataset.file = file.name;
    controls.set('file:' + file.name, {control, wrapper, file});
    fieldsets.push(wrapper);
  }
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Submit');
  const formElement = h('form', {class: 'submit-form', id: 'submit-form', novalidate: true}, fieldsets,
      h('div', {class: 'actions'}, submit));
  formElement.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(controls, summary);
    submit.disabled = true;
    try {
      const body = {form: form.name, name: jobName.value.trim(), inputs: inputsOf(controls)};
      const files = await filesOf(controls);
      if (files.length > 0) {
        body.files = files;
      }
      const answer = await submitAndAwaitRecorded(form.name, body);
      window.location.assign(path('/executions', answer.executionId));
    } catch (error) {
      showProblems(controls, summary, error);
      submit.disabled = false;
    }
  });
  fill(main,
      h('div', {class: 'page-head'}, h('h1', {}, h('span', {class: 'muted'}, 'Form '), form.name),
          form.enabled === false ? h('span', {class: 'badge'}, 'disabled') : null),
      h('p', {class: 'lead'}, form.description),
      h('p', {class: 'muted'}, 'Application ', form.application, ' · instance ', h('a', {href: path('/instances', form.instance)}, form.instance),
          ' · ', h('a', {href: '/executions?' + new URLSearchParams({form: form.name}).toString()}, 'its executions')),
      section('Submit a job', await mayOperate(form.name) ? [summary, formElement]
          : h('p', {class: 'notice', id: 'view-only'}, 'You may see this form and its executions; submitting jobs needs the operator role on it.')));
}

const RECORDED_WAIT_MS = 10000;

/**
 * Posts the job, and answers once the platform has recorded its execution (the listing's live feed
 * shows it), so the execution page opens on a known execution. The feed is opened before the post so
 * that the execution's first event cannot be missed; without a live feed it answers at once.
 */
function submitAndAwaitRecorded(formName, body) {
  return new Promise((resolve, reject) => {
    let answer = null;
    const seen = new Set();
    let done = false;
    let close = () => {};
    const finish = () => {
      if (!done) {
        done = true;
        close();
        resolve(answer);
      }
    };
    const post = () => api('/jobs', {body}).then((accepted) => {
      answer = accepted;
      if (seen.has(accepted.executionId)) {
        finish();
      } else {
        setTimeout(finish, RECORDED_WAIT_MS);
      }
    }, (error) => {
      done = true;
      close();
      reject(error);
    });
    let posted = false;
    close = live('/live/executions?' + new URLSearchParams({form: formName}).toString(), {
      ready: () => {
        if (!posted) {
          posted = true;
          post();
        }
      },
      execution: (execution) => {
        seen.add(execution.executionId);
        if (answer && execution.executionId === answer.executionId) {
          finish();
        }
      },
    }, (state) => {
      if (state === 'off' && !posted) {
        posted = true;
        post();
      }
    });
  });
}

/** "*.csv" -> ".csv" for the file picker; the platform checks the real pattern. */
function acceptOf(glob) {
  const match = /^\*(\.[A-Za-z0-9]+)$/.exec(glob);
  return match ? match[1] : null;
}

function field(id, label, control, help, required) {
  const helpId = id + '-help';
  const errorId = id + '-error';
  control.setAttribute('aria-describedby', helpId + ' ' + errorId);
  return h('div', {class: 'field-row'},
      h('label', {for: id}, label, required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null),
      control,
      h('p', {class: 'help', id: helpId}, help || ''),
      h('p', {class: 'field-error', id: errorId, role: 'alert', hidden: true}));
}

function controlFor(id, input) {
  const attributes = {id, name: id, required: input.required};
  if (input.type === 'ENUM') {
    const select = h('select', {...attributes, multiple: input.multiple},
        input.required || input.multiple ? null : h('option', {value: ''}, '—'),
        (input.enumValues || []).map((value) => h('option', {value}, value)));
    if (input.defaultValue !== null && input.defaultValue !== undefined) {
      select.value = input.defaultValue;
    }
    return select;
  }
  if (input.type === 'BOOLEAN') {
    const select = h('select', attributes, input.required ? null : h('option', {value: ''}, '—'),
        h('option', {value: 'true'}, 'yes'), h('option', {value: 'false'}, 'no'));
    select.value = input.defaultValue === 'true' || input.defaultValue === 'false' ? input.defaultValue : (input.required ? 'false' : '');
    return select;
  }
  if (input.multiple) {
    return h('textarea', {...attributes, rows: '3', placeholder: 'One value a line', value: input.defaultValue || ''});
  }
  return h('input', {...attributes, type: input.type === 'NUMBER' ? 'number' : 'text', step: input.type === 'NUMBER' ? 'any' : null,
    value: input.defaultValue ?? ''});
}

/** The filled inputs; an empty optional one is left out, so the form's default applies. */
function inputsOf(controls) {
  const inputs = {};
  for (const [name, {control, input}] of controls) {
    if (!input) {
      continue;
    }
    let value;
    if (control.multiple) {
      value = [...control.selectedOptions].map((option) => option.value);
    } else if (input.multiple) {
      value = control.value.split('\n').map((line) => line.trim()).filter(Boolean);
    } else {
      value = control.value.trim();
    }
    if (value === '' || (Array.isArray(value) && value.length === 0)) {
      continue;
    }
    // Values go as the user typed them: the platform converts and judges them, and says why in its answer.
    inputs[name] = value;
  }
  return inputs;
}

async function filesOf(controls) {
  const files = [];
  for (const [, {control, file}] of controls) {
    if (file && control.files && control.files.length > 0) {
      const chosen = control.files[0];
      files.push({name: file.name, filename: chosen.name, content: await base64(chosen)});
    }
  }
  return files;
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function clearProblems(controls, summary) {
  fill(summary);
  for (const {control, wrapper} of controls.values()) {
    control.removeAttribute('aria-invalid');
    wrapper.classList.remove('invalid');
    const error = wrapper.querySelector('.field-error');
    error.hidden = true;
    error.textContent = '';
  }
}

/** Each reason beside the field it names; reasons about no field (or a network error) in the summary above. */
function showProblems(controls, summary, error) {
  const reasons = error.details && error.details.length ? error.details : [error.message];
  const unmatched = [];
  for (const reason of reasons) {
    const target = controls.get(fieldOfReason(reason, controls));
    if (!target) {
      unmatched.push(reason);
      continue;
    }
    target.wrapper.classList.add('invalid');
    target.control.setAttribute('aria-invalid', 'true');
    const message = target.wrapper.querySelector('.field-error');
    message.hidden = false;
    message.textContent = message.textContent ? message.textContent + '; ' + reason : reason;
  }
  if (unmatched.length > 0 || error.status !== 400) {
    fill(summary, h('div', {class: 'problem', role: 'alert'},
        h('p', {}, error.status === 400 ? 'The job was not accepted:' : error.message),
        unmatched.length && error.status === 400 ? h('ul', {}, unmatched.map((reason) => h('li', {}, reason))) : null));
  }
  const first = [...controls.values()].find(({wrapper}) => wrapper.classList.contains('invalid'));
  if (first) {
    first.control.focus();
  }
}

/** The key in controls a validation reason is about ('' is the job name), or null. */
function fieldOfReason(reason, controls) {
  const input = /\binput "([^"]+)"/.exec(reason);
  if (input && controls.has(input[1])) {
    return input[1];
  }
  const file = /\bfile "([^"]+)"/.exec(reason);
  if (file && controls.has('file:' + file[1])) {
    return 'file:' + file[1];
  }
  if (/^(job )?name\b/.test(reason)) {
    return '';
  }
  return null;
}
