// The dashboard: every URL is one shell page; this script draws the page its path names.
import {executionsPage} from './executions.js';
import {executionPage, jobPage} from './execution.js';
import {formsPage, formPage} from './forms.js';
import {instancesPage, instancePage, schedulesPage} from './instances.js';
import {fill, h, problem} from './dom.js';

const ROUTES = [
  [/^\/(executions)?\/?$/, () => executionsPage],
  [/^\/executions\/([^/]+)$/, (id) => (main) => executionPage(main, id)],
  [/^\/jobs\/([^/]+)$/, (id) => (main) => jobPage(main, id)],
  [/^\/forms\/?$/, () => formsPage],
  [/^\/forms\/([^/]+)$/, (name) => (main) => formPage(main, name)],
  [/^\/instances\/?$/, () => instancesPage],
  [/^\/instances\/([^/]+)$/, (name) => (main) => instancePage(main, name)],
  [/^\/schedules\/?$/, () => schedulesPage],
];

function route(pathname) {
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) {
      return page(...match.slice(1).map((part) => (part === undefined ? part : decodeURIComponent(part))));
    }
  }
  return null;
}

function markCurrentNav(pathname) {
  const section = '/' + (pathname.split('/')[1] || 'executions');
  for (const anchor of document.querySelectorAll('header.top nav a')) {
    if (anchor.getAttribute('href') === section) {
      anchor.setAttribute('aria-current', 'page');
    } else {
      anchor.removeAttribute('aria-current');
    }
  }
}

function start() {
  const main = document.getElementById('app');
  const header = document.querySelector('header.top');
  if (header && !document.getElementById('live-state')) {
    header.insertBefore(h('span', {id: 'live-state', class: 'live-state', 'data-state': 'off', title: 'Live updates'}, ''),
        header.querySelector('.who'));
  }
  markCurrentNav(window.location.pathname);
  const page = route(window.location.pathname);
  if (!page) {
    fill(main, h('h1', {}, 'Not found'), problem('No dashboard page at ' + window.location.pathname));
    return;
  }
  Promise.resolve(page(main)).catch((error) => {
    fill(main, h('h1', {}, 'Something went wrong'), problem(error && error.message ? error.message : String(error)));
  });
}

start();
