import { botFrameCsp, botFrameHtml } from './bot-frame';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]));

describe('botFrameHtml', () => {
  it('keeps index.html body, drops its script src tags, inlines styles and scripts in path order', () => {
    const out = botFrameHtml({
      botName: 'B',
      files: files({ 'index.html': '<html><body><div id="B">x</div><script src="b.js"></script></body></html>', 'b.js': 'var two;', 'a.js': 'var one;', 's.css': 'p{}' }),
      user: { id: 'u', name: 'n', email: 'e' },
      token: 'rfk_t',
    });
    expect(out).toContain('<div id="B">x</div>');
    expect(out).not.toContain('src="b.js"');
    expect(out.indexOf('var one;')).toBeLessThan(out.indexOf('var two;'));
    expect(out).toContain('<style>p{}</style>');
  });

  it('cannot be broken out of by the bot name, the user or the zip content', () => {
    const out = botFrameHtml({
      botName: '</script><script>alert(1)</script>',
      files: files({ 'index.html': '<div></div>', 'x.js': 'var s = "</script><script>evil()</script>";' }),
      user: { id: 'u', name: '</script><img src=x onerror=evil()>', email: 'e' },
      token: 'rfk_t',
    });
    expect(out).not.toContain('<script>alert(1)');
    expect(out).not.toContain('<img src=x');
    expect(out).not.toContain('</script><script>evil()');
    // the user global is JSON text the browser BDK parses
    const m = /var user = (.*);\n/.exec(out);
    expect(JSON.parse(JSON.parse(m![1]) as string)).toMatchObject({ name: '</script><img src=x onerror=evil()>' });
  });
});

describe('botFrameCsp', () => {
  it('sandboxes the frame and lets it reach only this origin', () => {
    const csp = botFrameCsp('http://127.0.0.1:3000');
    expect(csp).toMatch(/^sandbox allow-scripts;/);
    expect(csp).toContain('connect-src http://127.0.0.1:3000;');
    expect(csp).not.toContain('allow-same-origin');
  });
});
