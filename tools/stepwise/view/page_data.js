// For the viewer's tests: the data a page `stepwise view` wrote embeds in
// its <script id="trace-data"> element.
'use strict';

const assert = require('node:assert/strict');

function pageData(html) {
  const match =
      /<script type="application\/json" id="trace-data">([^]*?)<\/script>/.exec(
          html);
  assert.ok(match, 'the page embeds its data');
  return JSON.parse(match[1]);
}

module.exports = {pageData};
