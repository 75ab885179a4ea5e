import { describe, expect, it } from 'vitest';
import { dayFirstConvention, documentMeta, findDate, titleFromText, withoutSiteName } from './index.js';
import { readHtmlMeta } from './html-meta.js';

const EN_BODY = 'The group sent spear-phishing messages to engineers at several manufacturing companies. '
  + 'Once a victim opened the attachment, a loader unpacked a backdoor into memory and contacted its controller over an encrypted channel. '
  + 'The operators then moved laterally with stolen credentials and collected design documents before leaving the network.';
const IT_BODY = 'Il gruppo ha inviato messaggi di spear-phishing agli ingegneri di diverse aziende manifatturiere. '
  + "Quando la vittima apriva l'allegato, un loader caricava in memoria una backdoor che contattava il proprio server di controllo su un canale cifrato. "
  + 'Gli operatori si sono poi spostati nella rete con credenziali rubate e hanno raccolto documenti di progetto.';
const DE_BODY = 'Die Gruppe verschickte gezielte Phishing-Nachrichten an Ingenieure mehrerer Industrieunternehmen. '
  + 'Sobald ein Opfer den Anhang öffnete, entpackte ein Lader eine Hintertür in den Speicher und kontaktierte den Steuerserver über einen verschlüsselten Kanal. '
  + 'Anschließend bewegten sich die Angreifer mit gestohlenen Zugangsdaten durch das Netzwerk.';

describe('findDate written forms', () => {
  it.each([
    ['2025-03-12', '2025-03-12'],
    ['on 2025-03-12T08:00:00Z', '2025-03-12'],
    ['12 March 2025', '2025-03-12'],
    ['12th March, 2025', '2025-03-12'],
    ['March 12, 2025', '2025-03-12'],
    ['Mar. 12 2025', '2025-03-12'],
    ['12 marzo 2025', '2025-03-12'],
    ['12. März 2025', '2025-03-12'],
    ['12 décembre 2024', '2024-12-12'],
    ['2025/03/12', '2025-03-12'],
    ['25/03/2025', '2025-03-25'],
    ['03/25/2025', '2025-03-25'],
    ['12.03.2025', '2025-03-12'],
  ])('%s → %s', (s, iso) => {
    expect(findDate(s)?.published).toBe(iso);
  });

  it('rejects impossible dates and plain numbers', () => {
    expect(findDate('31/02/2025')).toBeNull();
    expect(findDate('version 1.2.3 and 10.0.0.1')).toBeNull();
    expect(findDate('30 February 2025')).toBeNull();
  });

  it('marks a numeric date ambiguous only when both readings are valid and differ', () => {
    expect(findDate('25/03/2025')?.ambiguous).toBe(false);
    expect(findDate('03/03/2025')?.ambiguous).toBe(false);
    const d = findDate('12/03/2025', { lang: 'it' });
    expect(d).toMatchObject({ published: '2025-03-12', ambiguous: true });
    expect(d?.note).toContain('language it');
  });
});

describe('day-first vs month-first', () => {
  it.each([
    [{ lang: 'it' }, '/', true],
    [{ lang: 'de' }, '/', true],
    [{ lang: 'fr' }, '/', true],
    [{ lang: 'en-US' }, '/', false],
    [{ lang: 'en-GB' }, '/', true],
    [{ lang: 'en' }, '/', false],
    [{ lang: 'en', source: 'https://www.ncsc.gov.uk/report' }, '/', true],
    [{ lang: 'en', source: 'https://blog.example.it/x' }, '/', true],
    [{ lang: 'en', source: 'https://www.cisa.gov/advisory' }, '/', false],
    [{ lang: 'en-US' }, '.', true],
  ] as const)('%o with %s → dayFirst %s', (hints, sep, dayFirst) => {
    expect(dayFirstConvention(sep, hints).dayFirst).toBe(dayFirst);
  });

  it('reads 04/05/2025 differently for an Italian and a US report', () => {
    expect(findDate('04/05/2025', { lang: 'it' })?.published).toBe('2025-05-04');
    expect(findDate('04/05/2025', { lang: 'en-US' })?.published).toBe('2025-04-05');
  });
});

describe('titleFromText', () => {
  it.each([
    ['# KeyPlug returns\n\nBody text here.', 'KeyPlug returns'],
    ['---\ntitle: "From front matter"\n---\n# Heading', 'From front matter'],
    ['Operation Lantern\n=================\n\nBody.', 'Operation Lantern'],
    ['12 March 2025\n\nOperation **Lantern** hits [ports](http://x)\n\nBody.', 'Operation Lantern hits ports'],
    ['This first line is a sentence of prose.\n\n## Indicators\n', null],
    ['This first line is a sentence of prose.\n\n# Real title later\n', 'Real title later'],
    ['', null],
  ])('%j → %j', (text, title) => {
    expect(titleFromText(text)).toBe(title);
  });
});

describe('withoutSiteName', () => {
  it.each([
    ['KeyPlug Returns: APT41 Goes After Italian Manufacturers | Threat Research Desk', 'KeyPlug Returns: APT41 Goes After Italian Manufacturers'],
    ['A new loader — Example Blog', 'A new loader'],
    ['Short | Site', 'Short | Site'],
    ['No site name here', 'No site name here'],
  ])('%s → %s', (t, want) => {
    expect(withoutSiteName(t)).toBe(want);
  });
});

describe('readHtmlMeta', () => {
  it('reads title, og:title, lang, meta dates, JSON-LD and <time>', () => {
    const html = `<!doctype html><html lang="it-IT"><head><title>Page &amp; title</title>
      <meta property="og:title" content='KeyPlug &quot;returns&quot;'>
      <meta name="date" content="2025-01-02"><meta property="article:published_time" content="2025-03-12T09:00:00+01:00">
      <script type="application/ld+json">{"datePublished": "2025-03-11"}</script></head>
      <body><time datetime="2025-03-10">10 marzo</time></body></html>`;
    const m = readHtmlMeta(html);
    expect(m).toEqual({ title: 'Page & title', ogTitle: 'KeyPlug "returns"', lang: 'it-IT', dates: ['2025-03-12T09:00:00+01:00', '2025-01-02', '2025-03-11', '2025-03-10'] });
  });
  it('survives broken markup', () => {
    expect(readHtmlMeta('<<<meta content=">'.repeat(1000)).title).toBeNull();
    expect(readHtmlMeta('<title>never closed').title).toBeNull();
  });
});

describe('documentMeta', () => {
  it('reads a Markdown report with a "Published on" line', () => {
    const text = `# APT41 returns\n\nPublished on March 12, 2025 by the research team.\n\n${EN_BODY}`;
    expect(documentMeta(text, { source: 'r.md' })).toEqual({
      title: 'APT41 returns', published: '2025-03-12', published_ambiguous: false, language: 'en', source: 'r.md',
    });
  });

  it('resolves an Italian numeric date day-first from the detected language and says so', () => {
    const text = `Campagna contro il settore manifatturiero\n\nPubblicato il 04/05/2025\n\n${IT_BODY}`;
    const m = documentMeta(text, { source: 'https://example.org/post' });
    expect(m).toMatchObject({ title: 'Campagna contro il settore manifatturiero', published: '2025-05-04', published_ambiguous: true, language: 'it' });
    expect(m.published_note).toMatch(/day-first.*language it/);
  });

  it('uses the site convention for an English page on a .uk domain', () => {
    const m = documentMeta(`Advisory\n\nPosted: 04/05/2025\n\n${EN_BODY}`, { source: 'https://www.example.co.uk/a' });
    expect(m).toMatchObject({ published: '2025-05-04', published_ambiguous: true, language: 'en' });
  });

  it('prefers HTML metadata and a given title', () => {
    const html = '<html lang="de"><head><title>T</title><meta property="og:title" content="OG title"><meta property="article:published_time" content="2024-11-05T10:00:00Z"></head></html>';
    expect(documentMeta(`Irgendwas\n\n${DE_BODY}`, { source: 'https://x.de/a', html })).toMatchObject({ title: 'OG title', published: '2024-11-05', language: 'de' });
    expect(documentMeta(DE_BODY, { source: 's', html, title: 'Given' }).title).toBe('Given');
  });

  it('finds a dateline and gives null language for a short text', () => {
    const m = documentMeta('Rome, 12.03.2025 — short note about a phishing wave.', { source: '-' });
    expect(m).toMatchObject({ published: '2025-03-12', published_ambiguous: true, language: null });
  });

  it('falls back to the declared language for a short text', () => {
    expect(documentMeta('Breve nota.', { source: '-', lang: 'it-IT' }).language).toBe('it');
  });

  it('does not take an event date deep in the body as the publication date', () => {
    const body = `${EN_BODY}\n\n`.repeat(3);
    expect(documentMeta(`Report\n\n${body}The intrusion began on 3 January 2025.`, { source: 'x' }).published).toBeNull();
  });

  it('copes with empty and hostile input', () => {
    expect(documentMeta('', { source: '-' })).toEqual({ title: null, published: null, published_ambiguous: false, language: null, source: '-' });
    const junk = `${'#'.repeat(5000)}\n${'1/'.repeat(50_000)}`;
    expect(documentMeta(junk, { source: '-', html: '<'.repeat(100_000) }).published).toBeNull();
  });
});

describe('documentStage', () => {
  it('fills result.document from the text, the given title and the page language', async () => {
    const { documentStage } = await import('./stage.js');
    const result = { document: { title: null, published: null, published_ambiguous: false, language: null, source: '' } };
    documentStage.run({ text: `Pubblicato il 04/05/2025\n\n${IT_BODY}`, source: { name: 'https://x.example/p' }, title: 'Given', html: undefined, hints: { language: 'it-IT' } }, result);
    expect(result.document).toMatchObject({ title: 'Given', published: '2025-05-04', published_ambiguous: true, language: 'it', source: 'https://x.example/p' });
  });
});
