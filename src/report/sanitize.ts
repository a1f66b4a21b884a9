/**
 * Cleans text that came from outside postflight (resource ids, output keys, check messages,
 * evidence, AWS error messages) before a report shows it, so that no foreign escape sequence
 * reaches a terminal and no character XML 1.0 forbids reaches the JUnit file.
 *
 * Only control and formatting machinery is removed: letters of every script, emoji and
 * punctuation are kept as they are.
 */

/**
 * Escape sequences, 7-bit (ESC ...) and 8-bit (C1 introducers):
 * - string sequences (OSC, DCS, SOS, PM, APC) up to their terminator (BEL or ST);
 * - CSI sequences: parameters, intermediates, one final byte;
 * - any other ESC sequence: intermediates and one final byte.
 * An unterminated string sequence loses only its introducer (removed as a control character by
 * `stripControl`); the text after it stays visible rather than being swallowed.
 */
const ANSI_SEQUENCE = new RegExp(
  [
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)',
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]',
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]',
  ].join('|'),
  'g',
);

/** C0 controls except tab and newline (handled separately), DEL, and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Bidirectional embeddings, overrides and isolates: they can make text display in an order other than the one it has. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

/** A high surrogate without its low half, or a low surrogate without its high half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The two BMP noncharacters XML 1.0 excludes. */
const NONCHARACTER = /[\ufffe\uffff]/g;

/** Every way of breaking a line: CRLF, CR, LF, and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/** Removes ANSI/VT escape sequences (colours, cursor movement, hyperlinks, titles), and nothing else. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI_SEQUENCE, '');
}

export interface StripOptions {
  /**
   * Keep line breaks (normalised to `\n`) for text shown as a block of lines. Otherwise every line
   * break becomes a space, so the text stays on the one line it was given.
   */
  multiline?: boolean;
}

/**
 * Makes outside text safe to print and to put in XML:
 * - escape sequences are removed whole, then any remaining C0/C1 control character and DEL;
 * - a tab becomes a space; line breaks become `\n` (multiline) or a space (single line);
 * - bidirectional override/isolate characters are removed;
 * - lone surrogates and the noncharacters U+FFFE/U+FFFF become U+FFFD, the replacement character.
 * The result never contains ESC (U+001B) or CSI (U+009B), and is valid XML 1.0 character data.
 */
export function stripControl(s: string, options: StripOptions = {}): string {
  return stripAnsi(String(s))
    .replace(LINE_BREAK, options.multiline ? '\n' : ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(BIDI_CONTROL, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(NONCHARACTER, '\ufffd');
}
