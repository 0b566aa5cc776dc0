// The trace viewer's behaviour (viewer.html). The first half is pure
// functions over the data `stepwise view` embeds (model_check/trace_view.h):
// the nested diff, the node filter and the sequence diagram's layout; Node
// runs them in viewer_test.js. The second half draws the page and is
// skipped outside a browser.
'use strict';

// ---------------------------------------------------------------------------
// Pure functions.

function isContainer(value) {
  return value !== null && typeof value === 'object';
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// The nested diff of `after` against `before`: a tree of
// {key, status, before, after, children}, status one of 'same', 'changed',
// 'added', 'removed'. Objects and arrays on both sides are compared key by
// key (arrays by index); anything else is a leaf.
function diffTree(before, after, key) {
  const node = {key: key === undefined ? '' : key, before, after};
  if (before === undefined) {
    node.status = 'added';
  } else if (after === undefined) {
    node.status = 'removed';
  } else if (
      isContainer(before) && isContainer(after) &&
      Array.isArray(before) === Array.isArray(after)) {
    const keys = Array.isArray(after) ?
        [...Array(Math.max(before.length, after.length)).keys()].map(String) :
        [...new Set([...Object.keys(before), ...Object.keys(after)])];
    node.children = keys.map((k) => diffTree(before[k], after[k], k));
    node.status =
        node.children.every((c) => c.status === 'same') ? 'same' : 'changed';
    return node;
  } else {
    node.status = sameValue(before, after) ? 'same' : 'changed';
  }
  // An added or removed object or array lists its contents, all added or
  // all removed.
  const whole = node.status === 'removed' ? before : after;
  if (node.status !== 'changed' && node.status !== 'same' &&
      isContainer(whole)) {
    node.children = Object.keys(whole).map(
        (k) => node.status === 'removed' ? diffTree(whole[k], undefined, k) :
                                           diffTree(undefined, whole[k], k));
  }
  return node;
}

// The paths ('nodes.1.term') of the leaves whose status is not 'same'.
function changedPaths(tree, prefix) {
  const here = prefix === undefined ? '' : prefix;
  if (!tree.children || tree.children.length === 0) {
    return tree.status === 'same' ? [] : [here];
  }
  const out = [];
  for (const child of tree.children) {
    out.push(...changedPaths(child, here ? here + '.' + child.key : child.key));
  }
  return out;
}

// What of a readable state (trace_view.h's ReadableCluster) concerns node
// `id`: its own fields, the messages it sends or receives, its clients.
function stateOfNode(state, id) {
  if (!state) return state;
  const network = {};
  for (const [text, count] of Object.entries(state.network || {})) {
    const link = /(\d+)->(\d+)$/.exec(text);
    if (link && (Number(link[1]) === id || Number(link[2]) === id)) {
      network[text] = count;
    }
  }
  const history =
      (state.history ||
       []).filter((line) => new RegExp('node ' + id + '(\\D|$)').test(line));
  return {node: state.nodes[id], network, history};
}

function failingProperties(data, step) {
  const names = [];
  data.properties.forEach((property, i) => {
    if (property.kind === 'invariant' && property.checked && !step.holds[i]) {
      names.push(property.name);
    }
  });
  return names;
}

// The sequence diagram as geometry-free records: rows are states (row k is
// the state after step k), lanes are 'client' (when the run has clients)
// and the nodes. Arrows go from the row that sent a message to the row that
// delivered (or dropped, or lost) it; messages still in flight at the end
// point past the last row.
function diagramModel(data) {
  const steps = data.steps;
  const hasClients = steps.some(
      (s) => (s.requests || []).length + (s.replies || []).length > 0);
  const sentAt = new Map();
  const sent = new Map();
  const arrows = [];
  const marks = [];
  const bands = [];
  const down = [];  // [node, from row, to row or null]
  const openDown = new Map();
  // An arrow for a message that was never received: lost at `row`, or
  // still in flight (past the last row).
  const unfinished = (id, kind, row) => {
    const m = sent.get(id);
    if (!m) return;
    arrows.push({
      id,
      kind,
      from: m.from,
      to: m.to,
      fromRow: sentAt.get(id),
      toRow: row,
      label: m.label,
      text: m.text,
    });
  };
  steps.forEach((step, row) => {
    for (const message of step.sends || []) {
      sentAt.set(message.id, row);
      sent.set(message.id, message);
    }
    if (step.message) {
      const m = step.message;
      const kind = step.kind === 'drop' ? 'dropped' : 'delivered';
      arrows.push({
        id: m.id,
        kind,
        from: m.from,
        to: m.to,
        fromRow: sentAt.get(m.id),
        toRow: row,
        label: m.label,
        text: m.text,
        copy: step.kind === 'receive',
      });
    }
    for (const id of step.lost || []) unfinished(id, 'lost', row);
    for (const request of step.requests || []) {
      arrows.push({
        kind: 'client',
        from: 'client',
        to: request.node,
        fromRow: row,
        toRow: row,
        label: 'c' + request.client,
        text: 'client ' + request.client + ': ' + request.text
      });
    }
    for (const reply of step.replies || []) {
      arrows.push({
        kind: 'reply',
        from: reply.node,
        to: 'client',
        fromRow: row,
        toRow: row,
        label: reply.text,
        text: 'to client ' + reply.client + ': ' + reply.text
      });
    }
    switch (step.kind) {
      case 'timeout':
        marks.push({row, node: step.node, kind: 'timeout', label: step.timer});
        break;
      case 'crash':
        marks.push({row, node: step.node, kind: 'crash', label: 'crash'});
        openDown.set(step.node, row);
        break;
      case 'restart':
        marks.push({row, node: step.node, kind: 'restart', label: 'restart'});
        if (openDown.has(step.node)) {
          down.push([step.node, openDown.get(step.node), row]);
          openDown.delete(step.node);
        }
        break;
      case 'start':
        marks.push({row, node: step.node, kind: 'start', label: 'start'});
        break;
      case 'partition':
        bands.push({
          row,
          kind: 'partition',
          label: 'partition: ' + step.state.cut.join(' ')
        });
        break;
      case 'heal':
        bands.push({row, kind: 'heal', label: 'heal'});
        break;
      default:
        break;
    }
    if (step.crash_before_persist) {
      marks.push(
          {row, node: step.node, kind: 'crash', label: 'crash before persist'});
      openDown.set(step.node, row);
    }
  });
  for (const [node, row] of openDown) down.push([node, row, null]);
  for (const id of data.in_flight || []) {
    unfinished(id, 'in-flight', steps.length);
  }
  const lanes = hasClients ? ['client'] : [];
  for (let n = 0; n < data.nodes; ++n) lanes.push(n);
  return {lanes, arrows, marks, bands, down, rows: steps.length};
}

// The step a URL fragment names ('#step-7' is the 7th state), clamped.
function stepFromHash(hash, count) {
  const match = /^#step-(\d+)$/.exec(hash || '');
  if (!match) return 0;
  return Math.min(Math.max(Number(match[1]) - 1, 0), count - 1);
}

// Past this many cells (left states times right states) two traces are
// lined up by index instead of by their common steps.
const kMaxAlignCells = 4e6;

// Two traces lined up for comparison: by the longest common subsequence of
// their actions, so that a step one trace has and the other lacks gets a
// row of its own and the steps after it pair up again. Each row has both
// actions (null: that trace has no step in this row), the state each side
// shows (on a gap, the last one it reached), and whether the row differs
// (a gap, or states that differ); `first` is the first row that differs
// (-1: none).
function compareRows(left, right) {
  const name = (step) => step.action || 'Initial state';
  const a = left.steps.map(name);
  const b = right.steps.map(name);
  const n = a.length;
  const m = b.length;
  const pairs = [];
  if (n * m <= kMaxAlignCells) {
    // common[i][j]: how many steps a[i..] and b[j..] have in common.
    const common = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; --i) {
      for (let j = m - 1; j >= 0; --j) {
        common[i][j] = a[i] === b[j] ?
            common[i + 1][j + 1] + 1 :
            Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) {
        pairs.push([i++, j++]);
      } else if (j >= m || (i < n && common[i + 1][j] >= common[i][j + 1])) {
        pairs.push([i++, null]);
      } else {
        pairs.push([null, j++]);
      }
    }
  } else {
    for (let k = 0; k < Math.max(n, m); ++k) {
      pairs.push([k < n ? k : null, k < m ? k : null]);
    }
  }
  const rows = [];
  let first = -1;
  let leftShown = 0;
  let rightShown = 0;
  for (const [i, j] of pairs) {
    if (i !== null) leftShown = i;
    if (j !== null) rightShown = j;
    const differs = i === null || j === null ||
        !sameValue(left.steps[i].state, right.steps[j].state);
    if (differs && first < 0) first = rows.length;
    rows.push({
      left: i === null ? null : a[i],
      right: j === null ? null : b[j],
      leftIndex: leftShown,
      rightIndex: rightShown,
      differs,
    });
  }
  return {rows, first};
}

if (typeof module !== 'undefined') {
  module.exports = {
    compareRows,
    diffTree,
    changedPaths,
    stateOfNode,
    failingProperties,
    diagramModel,
    stepFromHash,
  };
}

// ---------------------------------------------------------------------------
// The page.

const kSvg = 'http://www.w3.org/2000/svg';  // a namespace name, not a URL

function element(tag, attributes, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svgElement(tag, attributes, text) {
  const e = document.createElementNS(kSvg, tag);
  for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderValue(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function renderTree(tree, hide) {
  const li = element('li', {class: tree.status});
  const entry = element('span', {class: 'entry'});
  li.append(entry);
  if (tree.key !== '')
    entry.append(element('span', {class: 'key'}, tree.key + ': '));
  if (tree.children && tree.children.length > 0) {
    const open =
        isContainer(tree.after !== undefined ? tree.after : tree.before) &&
        Array.isArray(tree.after !== undefined ? tree.after : tree.before);
    entry.append(document.createTextNode(open ? '[' : '{'));
    if (tree.status !== 'same') {
      entry.append(element('span', {class: 'status'}, tree.status));
    }
    const ul = element('ul');
    for (const child of tree.children) {
      if (hide && child.status === 'same') continue;
      ul.append(renderTree(child, hide));
    }
    li.append(ul);
    li.append(document.createTextNode(open ? ']' : '}'));
  } else if (tree.status === 'changed') {
    entry.append(element('span', {class: 'old'}, renderValue(tree.before)));
    entry.append(document.createTextNode(' \u2192 ' + renderValue(tree.after)));
  } else {
    entry.append(document.createTextNode(
        renderValue(tree.status === 'removed' ? tree.before : tree.after)));
    if (tree.status !== 'same') {
      entry.append(element('span', {class: 'status'}, tree.status));
    }
  }
  return li;
}

// The nested diff of `after` against `before` as a list, unchanged parts
// left out when `hide`.
function renderDiff(before, after, hide) {
  const tree = diffTree(before, after);
  const ul = element('ul');
  for (const child of tree.children || []) {
    if (hide && child.status === 'same') continue;
    ul.append(renderTree(child, hide));
  }
  return ul;
}

// The "show" choices: every node, or one of `count`.
function fillNodeFilter(select, count) {
  select.append(element('option', {value: 'all'}, 'every node'));
  for (let n = 0; n < count; ++n) {
    select.append(element('option', {value: String(n)}, 'node ' + n + ' only'));
  }
}

// A heading and a bulleted list of `items` (`empty` when there are none).
function appendList(parent, heading, items, empty) {
  const ul = element('ul');
  for (const item of items.length ? items : [empty]) {
    ul.append(element('li', {}, item));
  }
  parent.append(element('div', {}, heading), ul);
}

// Keys: next and previous step, first and last, next step where `fails`.
function listenForStepKeys(select, selected, count, fails) {
  document.addEventListener('keydown', (event) => {
    if (event.target && event.target.tagName === 'SELECT') return;
    if (event.key === 'ArrowDown' || event.key === 'j') {
      select(selected() + 1);
    } else if (event.key === 'ArrowUp' || event.key === 'k') {
      select(selected() - 1);
    } else if (event.key === 'Home') {
      select(0);
    } else if (event.key === 'End') {
      select(count - 1);
    } else if (event.key === 'f') {
      for (let k = selected() + 1; k < count; ++k) {
        if (fails(k)) {
          select(k);
          break;
        }
      }
    } else {
      return;
    }
    event.preventDefault();
  });
}

// After selecting row k: keep it in view and name it in the address bar.
function revealRow(item, k) {
  item.scrollIntoView({block: 'nearest'});
  const hash = '#step-' + (k + 1);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// Selects the row the address bar's #step-N names whenever it changes.
function followHash(select, count) {
  window.addEventListener(
      'hashchange', () => select(stepFromHash(location.hash, count)));
}

function startViewer(data) {
  const row = 26;
  const laneWidth = 96;
  const steps = data.steps;
  const model = diagramModel(data);
  const loopBack = data.loop_back ? data.loop_back - 1 : null;
  let selected = -1;

  // Header.
  const summary = document.getElementById('summary');
  summary.append(element(
      'h1', {},
      data.protocol + ': ' + steps.length + ' states, ' + (steps.length - 1) +
          ' steps'));
  const v = data.violation;
  if (v) {
    summary.append(element(
        'div', {class: 'violation'},
        (v.kind === 'liveness'    ? 'Liveness property ' :
             v.kind === 'vacuous' ? 'Sanity goal never reached: ' :
                                    'Invariant ') +
            v.property + ' violated: ' + v.description));
  } else {
    summary.append(element('div', {class: 'ok'}, 'No violation recorded'));
  }
  summary.append(
      element('div', {class: 'meta'}, 'Replay: ' + data.replay.message));
  summary.append(element(
      'div', {class: 'meta'}, 'Options: ' + JSON.stringify(data.options)));
  summary.append(element(
      'div', {class: 'meta'}, 'Config: ' + JSON.stringify(data.config)));

  // Lane heads and the step list.
  const heads = document.getElementById('lane-heads');
  heads.append(element('div', {class: 'spacer'}));
  for (const lane of model.lanes) {
    heads.append(element(
        'div', {class: 'lane', style: 'width:' + laneWidth + 'px'},
        lane === 'client' ? 'clients' : 'node ' + lane));
  }
  const list = document.getElementById('steps');
  const items = steps.map((step, k) => {
    const fails = failingProperties(data, step);
    const li = element('li', {id: 'row-' + (k + 1)});
    li.append(element('span', {class: 'index'}, String(k + 1)));
    li.append(document.createTextNode(step.action || 'Initial state'));
    li.title = (step.action || 'Initial state') +
        (fails.length ? '\nfails: ' + fails.join(', ') : '');
    if (fails.length) li.classList.add('fails');
    if (loopBack !== null && k >= loopBack) li.classList.add('cycle');
    li.addEventListener('click', () => select(k));
    list.append(li);
    return li;
  });

  // The diagram.
  const svg = document.getElementById('diagram');
  // Room on the right for the last lane's marks ('\u25f7 give-up').
  const width = model.lanes.length * laneWidth + 70;
  const height = (model.rows + 1) * row;
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  const laneX = (lane) => model.lanes.indexOf(lane) * laneWidth + laneWidth / 2;
  const rowY = (k) => k * row + row / 2;
  if (loopBack !== null) {
    svg.append(svgElement('rect', {
      class: 'cycle',
      x: 0,
      y: loopBack * row,
      width,
      height: (model.rows - loopBack) * row
    }));
  }
  const highlight =
      svgElement('rect', {class: 'selected', x: 0, y: 0, width, height: row});
  svg.append(highlight);
  for (const band of model.bands) {
    svg.append(svgElement('rect', {
      class: 'band ' + band.kind,
      x: 0,
      y: band.row * row + 3,
      width,
      height: row - 6
    }));
    svg.append(svgElement('text', {x: 4, y: rowY(band.row) + 4}, band.label));
  }
  for (const lane of model.lanes) {
    svg.append(svgElement('line', {
      class: 'lifeline',
      x1: laneX(lane),
      y1: 0,
      x2: laneX(lane),
      y2: height
    }));
  }
  for (const [node, from, to] of model.down) {
    svg.append(svgElement('line', {
      class: 'lifeline down',
      x1: laneX(node),
      y1: rowY(from),
      x2: laneX(node),
      y2: to === null ? height : rowY(to)
    }));
  }
  const defs = svgElement('defs');
  const marker = svgElement('marker', {
    id: 'head',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto'
  });
  marker.append(svgElement('path', {d: 'M0,0 L10,5 L0,10 z', fill: '#57606a'}));
  defs.append(marker);
  svg.append(defs);
  const arrowsById = new Map();
  for (const a of model.arrows) {
    const x1 = laneX(a.from);
    const xTo = laneX(a.to);
    const y1 = rowY(a.fromRow);
    const y2 = a.toRow >= model.rows ? height : rowY(a.toRow);
    // A message that never arrived stops short of its receiver, at a ×.
    const lost = a.kind === 'dropped' || a.kind === 'lost';
    const x2 = lost && xTo !== x1 ? x1 + (xTo - x1) * 0.7 : xTo;
    const bend = x1 === x2 ? 18 : 0;  // a message to itself loops out
    const path = svgElement('path', {
      class: 'arrow ' + a.kind,
      d: 'M' + x1 + ',' + y1 + ' C' + (x1 + bend) + ',' + y1 + ' ' +
          (x2 + bend) + ',' + y2 + ' ' + x2 + ',' + y2,
      'marker-end': lost ? '' : 'url(#head)',
    });
    path.append(svgElement('title', {}, a.kind + ': ' + a.text));
    svg.append(path);
    if (lost) {
      svg.append(svgElement(
          'text', {x: x2 - 4, y: y2 + 4, class: 'mark-crash'}, '\u00d7'));
    }
    if (a.kind === 'delivered' || a.kind === 'client' || a.kind === 'reply') {
      svg.append(svgElement(
          'text', {class: 'label', x: (x1 + x2) / 2 + 3, y: (y1 + y2) / 2 - 2},
          a.label.length > 14 ? a.label.slice(0, 13) + '\u2026' : a.label));
    }
    if (a.id !== undefined) {
      if (!arrowsById.has(a.id)) arrowsById.set(a.id, []);
      arrowsById.get(a.id).push(path);
    }
  }
  // Glyphs every common font has (Geometric Shapes, Arrows, Latin-1).
  const glyph =
      {timeout: '\u25f7', crash: '\u00d7', restart: '\u21bb', start: '\u25b6'};
  for (const m of model.marks) {
    const t = svgElement(
        'text',
        {class: 'mark-' + m.kind, x: laneX(m.node) + 5, y: rowY(m.row) + 4},
        glyph[m.kind] + ' ' + m.label);
    svg.append(t);
  }
  // Clicking anywhere on a row selects it.
  for (let k = 0; k < model.rows; ++k) {
    const hit = svgElement(
        'rect', {class: 'hit', x: 0, y: k * row, width, height: row});
    hit.addEventListener('click', () => select(k));
    svg.append(hit);
  }

  // Lasso.
  const lasso = document.getElementById('lasso');
  const fairness = data.fairness;
  const property = v ? v.property : 'the property';
  if (loopBack !== null && fairness && fairness.stutters) {
    lasso.append(element(
        'strong', {},
        'The run stops at state ' + steps.length +
            ' and stays there forever.'));
    lasso.append(element(
        'div', {},
        'No fair step (delivery, timer, start, restart, heal) can change ' +
            'that state, and ' + property +
            ' does not hold in it. Faults and ' +
            'client requests are never forced.'));
  } else if (loopBack !== null) {
    lasso.append(element(
        'strong', {},
        'The cycle: states ' + (loopBack + 1) + ' to ' + steps.length +
            ' (shaded) repeat forever.'));
    lasso.append(element(
        'div', {},
        'The run returns to state ' + (loopBack + 1) +
            ' and can go round again without ' + property +
            ' ever holding. Weak fairness is assumed: a step (delivery, timer, ' +
            'start, restart, heal) enabled in every state of the cycle must be ' +
            'taken in it; faults and client requests are never forced.'));
    if (fairness) {
      appendList(
          lasso,
          'Enabled in every state of the cycle (weak fairness makes the ' +
              'cycle take each, so it does):',
          fairness.always_enabled.map(
              (s) => s.step + (s.taken ? '' : ' (NOT taken)')),
          'none: no fair step is always enabled');
      appendList(
          lasso,
          'Enabled in some states of the cycle only and never taken (only a ' +
              'strong-fairness assumption would force them):',
          fairness.sometimes_enabled_not_taken, 'none');
    }
  }

  // Properties: one row each, with a strip of every state's value.
  const table = document.getElementById('properties');
  const valueCells = [];
  data.properties.forEach((property, i) => {
    const tr = element('tr');
    if (v && v.property === property.name) tr.classList.add('violated');
    const value = element('td');
    valueCells.push(value);
    const name = element(
        'td', {class: 'name', title: property.description}, property.name);
    const kind = element(
        'td', {class: 'unchecked'},
        property.kind + (property.checked ? '' : ', not checked'));
    const strip =
        element('canvas', {width: Math.min(steps.length * 4, 400), height: 12});
    const context = strip.getContext ? strip.getContext('2d') : null;
    if (context) {
      const w = strip.width / steps.length;
      // A liveness property's predicate is false on the way to it: grey,
      // not red; an invariant that does not hold is red.
      const notHolding = property.kind === 'invariant' ? '#cf222e' : '#d0d7de';
      steps.forEach((step, k) => {
        context.fillStyle = step.holds[i] ? '#2da44e' : notHolding;
        context.fillRect(k * w, 0, Math.max(w - (w > 2 ? 1 : 0), 0.5), 12);
      });
    }
    strip.title = 'value at every state; click to go there';
    strip.addEventListener('click', (event) => {
      const rect = strip.getBoundingClientRect();
      select(
          Math.floor((event.clientX - rect.left) / rect.width * steps.length));
    });
    const stripCell = element('td');
    stripCell.append(strip);
    tr.append(value, name, stripCell, kind);
    table.append(tr);
  });

  // State.
  const hideUnchanged = document.getElementById('hide-unchanged');
  const nodeFilter = document.getElementById('node-filter');
  fillNodeFilter(nodeFilter, data.nodes);
  hideUnchanged.addEventListener('change', () => renderState());
  nodeFilter.addEventListener('change', () => renderState());

  function renderState() {
    const container = document.getElementById('state');
    container.textContent = '';
    if (selected < 0) return;
    let after = steps[selected].state;
    let before = selected > 0 ? steps[selected - 1].state : after;
    if (nodeFilter.value !== 'all') {
      const id = Number(nodeFilter.value);
      after = stateOfNode(after, id);
      before = stateOfNode(before, id);
    }
    container.append(renderDiff(before, after, hideUnchanged.checked));
  }

  function select(k) {
    if (k < 0 || k >= steps.length || k === selected) return;
    if (selected >= 0) items[selected].classList.remove('selected');
    selected = k;
    items[k].classList.add('selected');
    highlight.setAttribute('y', k * row);
    for (const paths of arrowsById.values()) {
      for (const p of paths) p.classList.remove('highlight');
    }
    const step = steps[k];
    const touched = [];
    if (step.message) touched.push(step.message.id);
    for (const s of step.sends || []) touched.push(s.id);
    for (const id of touched) {
      for (const p of arrowsById.get(id) || []) p.classList.add('highlight');
    }
    document.getElementById('step-title').textContent = 'State ' + (k + 1) +
        ' of ' + steps.length + ': ' + (step.action || 'Initial state');
    data.properties.forEach((property, i) => {
      const cell = valueCells[i];
      cell.textContent = step.holds[i] ? '\u2713' : '\u2717';
      cell.className = !property.checked ? 'unchecked' :
          step.holds[i]                  ? 'holds' :
          property.kind === 'invariant'  ? 'fails' :
                                           'unchecked';
    });
    renderState();
    revealRow(items[k], k);
  }

  listenForStepKeys(
      select, () => selected, steps.length,
      (k) => failingProperties(data, steps[k]).length > 0);
  followHash(select, steps.length);
  const failing = steps.findIndex((s) => failingProperties(data, s).length > 0);
  select(
      location.hash    ? stepFromHash(location.hash, steps.length) :
          failing >= 0 ? failing :
                         0);
  window.stepwiseViewer = {select, model, selected: () => selected};
}

// `stepwise view A B`: both traces' steps side by side from the first
// difference on, and at each step the right trace's state diffed against
// the left's.
function startCompare(compare) {
  const {left, right} = compare;
  const {rows, first} = compareRows(left, right);
  let selected = -1;
  document.documentElement.style.setProperty('--steps-width', '760px');
  document.getElementById('diagram').style.display = 'none';
  document.getElementById('lane-heads').style.display = 'none';

  const summary = document.getElementById('summary');
  summary.append(
      element('h1', {}, 'Comparing two ' + left.protocol + ' traces'));
  for (const [side, data] of [['left', left], ['right', right]]) {
    const v = data.violation;
    summary.append(element(
        'div', {class: v ? 'violation' : 'ok'},
        side + ': ' + data.path + ', ' + data.steps.length + ' states; ' +
            (v ? v.property + ' violated' : 'no violation recorded')));
  }
  summary.append(element(
      'div', {class: 'meta'},
      first < 0 ? 'The traces are the same.' :
                  'Rows pair the steps the traces have in common (a step ' +
              'only one trace takes has a row of its own); they first ' +
              'differ at row ' + (first + 1) + '. Differing rows are ' +
              'marked, and each state below is the right trace\'s diffed ' +
              'against the left\'s.'));

  const list = document.getElementById('steps');
  const items = rows.map((r, k) => {
    const li = element('li', {id: 'row-' + (k + 1)});
    li.append(element('span', {class: 'index'}, String(k + 1)));
    li.append(
        element('span', {class: 'side'}, r.left === null ? '\u2014' : r.left));
    li.append(element(
        'span', {class: 'side'}, r.right === null ? '\u2014' : r.right));
    li.title = 'left: ' + r.left + '\nright: ' + r.right;
    if (r.differs) li.classList.add('differs');
    if (k === first) li.classList.add('first-difference');
    li.addEventListener('click', () => select(k));
    list.append(li);
    return li;
  });

  const table = document.getElementById('properties');
  const head = element('tr');
  for (const text of ['property', 'left', 'right']) {
    head.append(element('th', {}, text));
  }
  table.append(head);
  const cells = left.properties.map((property) => {
    const tr = element('tr');
    tr.append(element(
        'td', {class: 'name', title: property.description}, property.name));
    const a = element('td');
    const b = element('td');
    tr.append(a, b);
    table.append(tr);
    return [a, b];
  });

  const hideUnchanged = document.getElementById('hide-unchanged');
  const nodeFilter = document.getElementById('node-filter');
  fillNodeFilter(nodeFilter, Math.max(left.nodes, right.nodes));
  const renderState = () => {
    const container = document.getElementById('state');
    container.textContent = '';
    const stateAt = (data) => {
      const row = rows[selected];
      const step = data.steps[data === left ? row.leftIndex : row.rightIndex];
      return nodeFilter.value === 'all' ?
          step.state :
          stateOfNode(step.state, Number(nodeFilter.value));
    };
    container.append(
        renderDiff(stateAt(left), stateAt(right), hideUnchanged.checked));
  };
  hideUnchanged.addEventListener('change', renderState);
  nodeFilter.addEventListener('change', renderState);

  function select(k) {
    if (k < 0 || k >= rows.length || k === selected) return;
    if (selected >= 0) items[selected].classList.remove('selected');
    selected = k;
    items[k].classList.add('selected');
    const row = rows[k];
    const gap = row.left === null ? 'left' : row.right === null ? 'right' : '';
    document.getElementById('step-title').textContent = 'Row ' + (k + 1) +
        ': left state ' + (row.leftIndex + 1) + ', right state ' +
        (row.rightIndex + 1) + ': ' +
        (row.differs ? 'the traces differ' : 'the same in both') +
        (gap ? ' (the ' + gap + ' trace has no such step: its last state)' :
               '');
    left.properties.forEach((property, i) => {
      [left, right].forEach((data, side) => {
        const step = data.steps[side === 0 ? row.leftIndex : row.rightIndex];
        const cell = cells[i][side];
        const j = data.properties.findIndex((p) => p.name === property.name);
        cell.textContent = !step || j < 0 ? '' :
            step.holds[j]                 ? '\u2713' :
                                            '\u2717';
        cell.className = !step || j < 0 || step.holds[j] ? 'holds' :
            property.kind === 'invariant'                ? 'fails' :
                                                           'unchecked';
      });
    });
    renderState();
    revealRow(items[k], k);
  }

  listenForStepKeys(
      select, () => selected, rows.length, (k) => rows[k].differs);
  followHash(select, rows.length);
  select(
      location.hash ? stepFromHash(location.hash, rows.length) :
                      Math.max(first, 0));
}

if (typeof document !== 'undefined') {
  const data = JSON.parse(document.getElementById('trace-data').textContent);
  if (data.compare) {
    startCompare(data.compare);
  } else {
    startViewer(data);
  }
}
