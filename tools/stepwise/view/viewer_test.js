// Tests of the viewer's pure functions (viewer.js) under Node, and of a page
// `stepwise view` wrote: node viewer_test.js [PAGE.html ...]. Each page must
// be self-contained (no request can leave it), carry data that parses, and
// draw one arrow per delivered message.
'use strict';

const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const viewer = require(path.join(__dirname, 'viewer.js'));
const {pageData} = require(path.join(__dirname, 'page_data.js'));

let failures = 0;
function test(name, body) {
  try {
    body();
    console.log('ok   ' + name);
  } catch (error) {
    ++failures;
    console.log('FAIL ' + name + '\n' + error.stack);
  }
}

test('the diff marks exactly the changed, added and removed fields', () => {
  const before = {
    nodes: [{up: true, term: 1, log: ['a']}, {up: true, term: 1, log: []}],
    network: {'Vote 0->1': 1, 'Vote 0->2': 1},
    history: [],
  };
  const after = {
    nodes: [{up: true, term: 2, log: ['a', 'b']}, {up: true, term: 1, log: []}],
    network: {'Vote 0->2': 1, 'Ack 1->0': 2},
    history: ['client 1 asks node 0: put'],
  };
  const tree = viewer.diffTree(before, after);
  assert.equal(tree.status, 'changed');
  assert.deepEqual(viewer.changedPaths(tree).sort(), [
    'history.0',
    'network.Ack 1->0',
    'network.Vote 0->1',
    'nodes.0.log.1',
    'nodes.0.term',
  ]);
  const node0 = tree.children.find((c) => c.key === 'nodes').children[0];
  assert.equal(node0.children.find((c) => c.key === 'term').status, 'changed');
  assert.equal(node0.children.find((c) => c.key === 'up').status, 'same');
  const network = tree.children.find((c) => c.key === 'network');
  assert.equal(
      network.children.find((c) => c.key === 'Vote 0->1').status, 'removed');
  assert.equal(
      network.children.find((c) => c.key === 'Ack 1->0').status, 'added');
  assert.deepEqual(viewer.changedPaths(viewer.diffTree(after, after)), []);
});

test('an added object lists its contents as added', () => {
  const tree = viewer.diffTree({}, {leader: {id: 1, term: 3}});
  const leader = tree.children[0];
  assert.equal(leader.status, 'added');
  assert.deepEqual(leader.children.map((c) => c.status), ['added', 'added']);
  assert.deepEqual(
      viewer.changedPaths(tree).sort(), ['leader.id', 'leader.term']);
});

test('one node only: its fields, its links, its clients', () => {
  const state = {
    nodes: [{term: 1}, {term: 2}, {term: 3}],
    network:
        {'Vote {term: 2} 1->0': 1, 'Vote {term: 2} 1->2': 1, 'Ack 2->0': 1},
    history: ['client 1 asks node 1: get', 'client 2 asks node 11: get'],
  };
  const mine = viewer.stateOfNode(state, 1);
  assert.deepEqual(mine.node, {term: 2});
  assert.deepEqual(
      Object.keys(mine.network).sort(),
      ['Vote {term: 2} 1->0', 'Vote {term: 2} 1->2']);
  assert.deepEqual(mine.history, ['client 1 asks node 1: get']);
});

test('the URL fragment names a step, clamped to the trace', () => {
  assert.equal(viewer.stepFromHash('#step-3', 10), 2);
  assert.equal(viewer.stepFromHash('#step-99', 10), 9);
  assert.equal(viewer.stepFromHash('#step-0', 10), 0);
  assert.equal(viewer.stepFromHash('#nothing', 10), 0);
  assert.equal(viewer.stepFromHash('', 10), 0);
});

test('the diagram: sends, deliveries, drops, timers, crashes, clients', () => {
  const m = (id, from, to) => ({id, from, to, label: 'M' + id, text: 'M'});
  const data = {
    nodes: 2,
    in_flight: [3],
    steps: [
      {kind: 'initial', sends: [], lost: [], holds: [], state: {cut: []}},
      {
        kind: 'request',
        node: 0,
        sends: [m(1, 0, 1), m(2, 0, 1)],
        lost: [],
        requests: [{client: 1, node: 0, text: 'put'}],
        replies: [],
        holds: [],
        state: {cut: []}
      },
      {
        kind: 'deliver',
        node: 1,
        message: m(1, 0, 1),
        sends: [m(3, 1, 0)],
        lost: [],
        holds: [],
        state: {cut: []}
      },
      {
        kind: 'drop',
        node: 1,
        message: m(2, 0, 1),
        sends: [],
        lost: [],
        holds: [],
        state: {cut: []}
      },
      {
        kind: 'timeout',
        node: 0,
        timer: 'retry',
        sends: [],
        lost: [],
        replies: [{client: 1, node: 0, text: 'ok'}],
        holds: [],
        state: {cut: []}
      },
      {
        kind: 'crash',
        node: 1,
        sends: [],
        lost: [],
        holds: [],
        state: {cut: []}
      },
    ],
  };
  const model = viewer.diagramModel(data);
  assert.deepEqual(model.lanes, ['client', 0, 1]);
  const kinds = model.arrows.map((a) => a.kind).sort();
  assert.deepEqual(
      kinds, ['client', 'delivered', 'dropped', 'in-flight', 'reply']);
  const delivered = model.arrows.find((a) => a.kind === 'delivered');
  assert.deepEqual([delivered.fromRow, delivered.toRow], [1, 2]);
  const flying = model.arrows.find((a) => a.kind === 'in-flight');
  assert.deepEqual([flying.fromRow, flying.toRow], [2, 6]);
  assert.deepEqual(model.marks.map((mark) => mark.kind), ['timeout', 'crash']);
  assert.deepEqual(model.down, [[1, 5, null]]);
});

test('two traces compare step by step from their first difference', () => {
  const step = (action, term) => ({action, state: {nodes: [{term}]}});
  const left = {steps: [step(null, 1), step('Timeout', 2), step('Vote', 2)]};
  const right = {
    steps: [step(null, 1), step('Timeout', 2), step('Vote', 3), step('Win', 3)]
  };
  const {rows, first} = viewer.compareRows(left, right);
  assert.equal(first, 2);
  assert.deepEqual(rows.map((r) => r.differs), [false, false, true, true]);
  assert.equal(rows[3].left, null);
  assert.equal(rows[0].right, 'Initial state');
  assert.equal(viewer.compareRows(left, left).first, -1);
});

test('a step only one trace takes gets its own row; the rest pair up', () => {
  const step = (action) => ({action, state: {last: action}});
  const left = {steps: [step(null), step('A'), step('B'), step('C')]};
  const right = {
    steps: [step(null), step('X'), step('A'), step('B'), step('C')]
  };
  const {rows, first} = viewer.compareRows(left, right);
  assert.equal(first, 1);
  assert.deepEqual(rows.map((r) => [r.left, r.right]), [
    ['Initial state', 'Initial state'], [null, 'X'], ['A', 'A'], ['B', 'B'],
    ['C', 'C']
  ]);
  assert.deepEqual(
      rows.map((r) => r.differs), [false, true, false, false, false]);
  // On the gap the left trace shows the last state it reached.
  assert.deepEqual([rows[1].leftIndex, rows[1].rightIndex], [0, 1]);
  assert.deepEqual([rows[4].leftIndex, rows[4].rightIndex], [3, 4]);
});


for (const page of process.argv.slice(2)) {
  test('page ' + page, () => {
    const html = fs.readFileSync(page, 'utf8');
    // Self-contained: nothing is fetched, and the policy forbids it anyway.
    assert.match(html, /Content-Security-Policy[^>]*default-src 'none'/);
    assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]*\s(src|href)=/i);
    assert.doesNotMatch(html, /@import|url\(\s*['"]?(https?:)?\/\//i);
    assert.doesNotMatch(html, /\bfetch\(|XMLHttpRequest|WebSocket/);
    const data = pageData(html);
    assert.ok(data.steps.length > 0);
    const model = viewer.diagramModel(data);
    const deliveries =
        data.steps.filter((s) => s.kind === 'deliver' || s.kind === 'receive')
            .length;
    assert.equal(
        model.arrows.filter((a) => a.kind === 'delivered').length, deliveries,
        'one arrow per delivered message');
    for (const arrow of model.arrows) {
      assert.ok(arrow.fromRow !== undefined, 'every arrow has its send');
      assert.ok(arrow.fromRow <= arrow.toRow, 'no arrow goes back in time');
    }
    // Consecutive states differ exactly where a step changed something.
    for (let k = 1; k < data.steps.length; ++k) {
      const tree =
          viewer.diffTree(data.steps[k - 1].state, data.steps[k].state);
      if (data.steps[k].kind !== 'receive') {
        assert.notEqual(
            tree.status, 'same', 'step ' + (k + 1) + ' changed nothing');
      }
    }
    if (data.violation && data.violation.kind === 'invariant') {
      const last = data.steps[data.steps.length - 1];
      assert.ok(viewer.failingProperties(data, last)
                    .includes(data.violation.property));
    }
  });
}

// The page in a real browser: headless Chromium runs its script and
// prints the DOM it built (--dump-dom), opened at a step named by the URL
// fragment. Set STEPWISE_CHROMIUM to the browser (tests skip this without).
function renderedDom(page, step) {
  const result = childProcess.spawnSync(
      process.env.STEPWISE_CHROMIUM,
      [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--dump-dom', 'file://' + path.resolve(page) + '#step-' + step
      ],
      {encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20});
  assert.equal(result.status, 0, 'chromium failed: ' + result.stderr);
  return result.stdout;
}

const browserPages = process.env.STEPWISE_CHROMIUM ? process.argv.slice(2) : [];
if (!process.env.STEPWISE_CHROMIUM) {
  console.log('skip the browser checks: STEPWISE_CHROMIUM is not set');
}
// A comparison page (stepwise view A B), opened in Chromium at its first
// difference.
const comparePage = process.env.STEPWISE_COMPARE_PAGE;
if (comparePage && process.env.STEPWISE_CHROMIUM) {
  test('comparison ' + comparePage + ' in Chromium', () => {
    const {compare} = pageData(fs.readFileSync(comparePage, 'utf8'));
    const {rows, first} = viewer.compareRows(compare.left, compare.right);
    assert.ok(first >= 0, 'the two traces differ');
    const dom = renderedDom(comparePage, first + 1);
    assert.equal((dom.match(/<li id="row-/g) || []).length, rows.length);
    assert.match(
        dom,
        new RegExp(
            '<li id="row-' + (first + 1) +
            '"[^>]*class="[^"]*first-difference'));
    assert.equal(
        (dom.match(/class="[^"]*differs/g) || []).length,
        rows.filter((r) => r.differs).length);
  });
}

for (const page of browserPages) {
  test('page ' + page + ' in Chromium', () => {
    const data = pageData(fs.readFileSync(page, 'utf8'));
    const step = Math.min(3, data.steps.length);
    const dom = renderedDom(page, step);
    // The script ran: one list row per state, the fragment's step selected.
    assert.equal((dom.match(/<li id="row-/g) || []).length, data.steps.length);
    assert.match(
        dom, new RegExp('<li id="row-' + step + '"[^>]*class="[^"]*selected'));
    assert.match(dom, new RegExp('State ' + step + ' of ' + data.steps.length));
    // One drawn arrow per delivered message.
    const model = viewer.diagramModel(data);
    const delivered = model.arrows.filter((a) => a.kind === 'delivered').length;
    assert.equal(
        (dom.match(/class="arrow delivered/g) || []).length, delivered);
    // Every property has a row; the diff marks what the step changed.
    assert.equal(
        (dom.match(/<td class="name"/g) || []).length, data.properties.length);
    const changed = viewer.changedPaths(viewer.diffTree(
        data.steps[step - 2].state, data.steps[step - 1].state));
    if (changed.length > 0)
      assert.match(dom, /<li class="(changed|added|removed)"/);
  });
}

if (failures > 0) {
  console.log(failures + ' failed');
  process.exit(1);
}
