// Drives the viewer in headless Chromium over the DevTools protocol (on a
// pipe: no npm package, no port) and checks what a user does with it: keys
// move the selection and the address bar follows, a click on a row selects
// it, the diff marks exactly the fields the step changed, and the page makes
// no network request. With --measure it also reports how long a page takes
// to open and the longest frame while scrolling through it (printed, not
// asserted: speed is measured, not tested).
//
// Usage: node browser_test.js CHROMIUM PAGE.html [--measure]
'use strict';

const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const viewer = require(path.join(__dirname, 'viewer.js'));
const {pageData} = require(path.join(__dirname, 'page_data.js'));

// A DevTools protocol client over --remote-debugging-pipe: the browser
// reads commands from fd 3 and writes replies and events to fd 4, each a
// JSON message ended by a NUL byte.
class Browser {
  constructor(executable) {
    this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-chromium-'));
    this.process = childProcess.spawn(
        executable,
        [
          '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
          '--remote-debugging-pipe', '--user-data-dir=' + this.profile,
          '--window-size=1280,800', 'about:blank'
        ],
        // Its own process group, so that closing it stops its helpers too.
        {
          stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
          detached: true
        });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    let buffer = '';
    this.process.stdio[4].on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id !== undefined && this.pending.has(message.id)) {
          const {resolve, reject} = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) {
            reject(new Error(JSON.stringify(message.error)));
          } else {
            resolve(message.result);
          }
        } else if (message.method) {
          for (const listener of this.listeners) listener(message);
        }
      }
    });
  }

  send(method, params, sessionId) {
    const id = this.nextId++;
    const message = {id, method, params: params || {}};
    if (sessionId) message.sessionId = sessionId;
    this.process.stdio[3].write(JSON.stringify(message) + '\0');
    return new Promise((resolve, reject) => {
      this.pending.set(id, {resolve, reject});
      setTimeout(() => reject(new Error(method + ' timed out')), 30000).unref();
    });
  }

  waitFor(method) {
    return new Promise((resolve) => {
      const listener = (message) => {
        if (message.method !== method) return;
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(message.params);
      };
      this.listeners.push(listener);
    });
  }

  // Stops the browser and removes its profile once it has exited.
  async close() {
    const exited = new Promise((resolve) => {
      if (this.process.exitCode !== null) resolve();
      this.process.on('exit', resolve);
    });
    process.kill(-this.process.pid, 'SIGKILL');
    await exited;
    // A helper may still be exiting: retry, and leave the directory behind
    // (with a note) rather than fail the test over it.
    for (let attempt = 0;; ++attempt) {
      try {
        fs.rmSync(this.profile, {recursive: true, force: true});
        return;
      } catch (error) {
        if (attempt === 20) {
          console.log('note: could not remove ' + this.profile);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

// A page in its own tab: evaluate expressions, press keys.
async function openPage(browser, url, requests) {
  const {targetId} =
      await browser.send('Target.createTarget', {url: 'about:blank'});
  const {sessionId} =
      await browser.send('Target.attachToTarget', {targetId, flatten: true});
  browser.listeners.push((message) => {
    if (message.sessionId === sessionId &&
        message.method === 'Network.requestWillBeSent') {
      requests.push(message.params.request.url);
    }
  });
  await browser.send('Network.enable', {}, sessionId);
  await browser.send('Page.enable', {}, sessionId);
  const loaded = browser.waitFor('Page.loadEventFired');
  await browser.send('Page.navigate', {url}, sessionId);
  await loaded;
  const evaluate = async (expression) => {
    const reply = await browser.send(
        'Runtime.evaluate',
        {expression, returnByValue: true, awaitPromise: true}, sessionId);
    if (reply.exceptionDetails) {
      throw new Error(
          expression + ': ' + JSON.stringify(reply.exceptionDetails));
    }
    return reply.result.value;
  };
  const press = async (key, code, keyCode) => {
    for (const type of ['keyDown', 'keyUp']) {
      await browser.send(
          'Input.dispatchKeyEvent',
          {type, key, code, windowsVirtualKeyCode: keyCode}, sessionId);
    }
  };
  return {evaluate, press};
}

const kSelected = 'document.querySelector("#steps li.selected").id';

async function main() {
  const [executable, page, flag] = process.argv.slice(2);
  const measure = flag === '--measure';
  const html = fs.readFileSync(page, 'utf8');
  const data = pageData(html);
  const url = 'file://' + path.resolve(page) + '#step-1';
  const browser = new Browser(executable);
  try {
    const requests = [];
    const start = Date.now();
    const tab = await openPage(browser, url, requests);
    const opened = Date.now() - start;

    // Nothing but the page itself was requested.
    for (const request of requests) {
      assert.equal(request.replace(/#.*/, ''), 'file://' + path.resolve(page));
    }
    assert.equal(await tab.evaluate(kSelected), 'row-1');

    // Keys move the selection; the address bar follows.
    await tab.press('ArrowDown', 'ArrowDown', 40);
    await tab.press('j', 'KeyJ', 74);
    assert.equal(await tab.evaluate(kSelected), 'row-3');
    assert.equal(await tab.evaluate('location.hash'), '#step-3');
    await tab.press('k', 'KeyK', 75);
    assert.equal(await tab.evaluate(kSelected), 'row-2');
    await tab.press('End', 'End', 35);
    const last = data.steps.length;
    assert.equal(await tab.evaluate(kSelected), 'row-' + last);
    await tab.press('Home', 'Home', 36);
    assert.equal(await tab.evaluate(kSelected), 'row-1');
    const failing =
        data.steps.findIndex((s) => viewer.failingProperties(data, s).length);
    if (failing > 0) {
      await tab.press('f', 'KeyF', 70);
      assert.equal(await tab.evaluate(kSelected), 'row-' + (failing + 1));
    }

    // A click selects; the diff marks exactly what the step changed.
    const clicked = Math.min(3, last);
    await tab.evaluate(
        'document.getElementById("row-' + clicked + '").click()');
    assert.equal(await tab.evaluate('location.hash'), '#step-' + clicked);
    const changed = viewer.changedPaths(viewer.diffTree(
        data.steps[clicked - 2].state, data.steps[clicked - 1].state));
    const marked = await tab.evaluate(
        'document.querySelectorAll("#state li.changed:not(:has(ul)), ' +
        '#state li.added:not(:has(ul)), #state li.removed:not(:has(ul))")' +
        '.length');
    assert.equal(marked, changed.length, 'marked leaves: ' + changed);
    // Hiding what did not change leaves only the changed leaves.
    await tab.evaluate('document.getElementById("hide-unchanged").click()');
    assert.equal(
        await tab.evaluate(
            'document.querySelectorAll("#state li.same:not(:has(ul))").length'),
        0);

    // The diagram: one arrow per delivery.
    const model = viewer.diagramModel(data);
    assert.equal(
        await tab.evaluate(
            'document.querySelectorAll("path.arrow.delivered").length'),
        model.arrows.filter((a) => a.kind === 'delivered').length);

    if (measure) {
      const timing = await tab.evaluate(
          'JSON.stringify(performance.getEntriesByType("navigation")[0])');
      const navigation = JSON.parse(timing);
      // Scroll through the whole list, one screen per frame, and keep the
      // longest gap between frames.
      const longestFrame = await tab.evaluate(`new Promise((done) => {
        const box = document.getElementById('timeline-scroll');
        let last = performance.now(), longest = 0;
        const frame = () => {
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
          if (box.scrollTop + box.clientHeight >= box.scrollHeight) {
            done(longest);
            return;
          }
          box.scrollTop += box.clientHeight;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      })`);
      console.log(
          'measure ' + page + ': ' + data.steps.length + ' states, ' +
          data.nodes + ' nodes, ' + (html.length / 1e6).toFixed(1) +
          ' MB; open to load event ' + opened + ' ms (script done at ' +
          Math.round(navigation.loadEventEnd) +
          ' ms of the navigation); longest frame while scrolling ' +
          Math.round(longestFrame) + ' ms');
    }
    console.log('ok   browser ' + page);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.log('FAIL browser ' + process.argv[3] + '\n' + error.stack);
  process.exit(1);
});
