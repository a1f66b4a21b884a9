/** The JUnit report's XML writer: layout and escaping, case by case. */
import { writeXml, type XmlNode } from '../../src/report/xml.js';

const cases: Array<[string, XmlNode, string]> = [
  ['an element with neither children nor text closes itself', { a: [{ '@_x': '1' }] }, '<a x="1"/>\n'],
  ['an element with text only is one line', { a: [{ '@_x': '1', '#text': 'hello' }] }, '<a x="1">hello</a>\n'],
  [
    'children are indented two spaces a level, attributes in the order given',
    { a: [{ '@_z': '1', '@_b': '2', c: [{ d: [{ '#text': 't' }] }] }] },
    '<a z="1" b="2">\n  <c>\n    <d>t</d>\n  </c>\n</a>\n',
  ],
  [
    "each name's elements in order, the names in the order first added",
    { r: [{ p: [{ '@_n': '1' }, { '@_n': '2' }], q: [{}], s: [] }] },
    '<r>\n  <p n="1"/>\n  <p n="2"/>\n  <q/>\n</r>\n',
  ],
  ['an empty list of children leaves the element empty', { r: [{ p: [] }] }, '<r/>\n'],
  [
    'the five special characters are escaped once, in attributes and text alike',
    { a: [{ '@_v': `<&>'"`, '#text': `<&>'"` }] },
    '<a v="&lt;&amp;&gt;&apos;&quot;">&lt;&amp;&gt;&apos;&quot;</a>\n',
  ],
  ['text that already holds an entity is escaped again, as text', { a: [{ '#text': '&amp; &#x41;' }] }, '<a>&amp;amp; &amp;#x41;</a>\n'],
  ['text keeps its lines', { a: [{ '#text': 'one\ntwo' }] }, '<a>one\ntwo</a>\n'],
  [
    'text beside children is written where it stands, inside the block',
    { a: [{ '#text': 'lead', b: [{}] }] },
    '<a>\nlead  <b/>\n</a>\n',
  ],
  ['several top-level elements, one after another', { a: [{}], b: [{ '#text': 'x' }] }, '<a/>\n<b>x</b>\n'],
];

it.each(cases)('%s', (_name, doc, xml) => {
  expect(writeXml(doc)).toBe(xml);
});
