import { describe, expect, it } from 'vitest';
import { parseMail } from './parseMail.ts';
import { sanitizeMailHtml } from './sanitize.ts';
import { acknowledgementText } from './acknowledgement.ts';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('parseMail', () => {
  it('decodes ISO-8859-9 words and a Windows-1254 body, and keeps the headers the mail rules read', async () => {
    const raw = Buffer.concat([
      crlf(['From: =?ISO-8859-9?Q?G=FCl_=DEahin?= <GUL@Posta.test>', 'To: a@b.test', 'Subject: =?windows-1254?Q?=DDade_talebi?=',
        'Message-ID: <m1@posta.test>', 'References: <a@x.test>\r\n <b@y.test>', 'Auto-Submitted: no', 'Content-Type: text/plain; charset=windows-1254', '', '']),
      Buffer.from([0xfd, 0x73, 0x6c, 0x61, 0x6b, 0x20, 0xfe, 0x65, 0x6b, 0x65, 0x72]),
    ]);
    const mail = await parseMail(raw);
    expect(mail).toMatchObject({
      from: { address: 'gul@posta.test', name: 'Gül Şahin' }, subject: 'İade talebi', text: 'ıslak şeker', charset: 'windows-1254',
      messageId: '<m1@posta.test>', references: ['<a@x.test>', '<b@y.test>'],
    });
    expect(mail.headers['auto-submitted']).toBe('no');
  });

  it('gives the same content hash to the same mail delivered twice, whatever the transport headers', async () => {
    const body = ['From: x@y.test', 'To: a@b.test', 'Subject: Hi', 'Message-ID: <same@y.test>', '', 'Hello'];
    const one = await parseMail(crlf(['Received: from mx1', ...body]));
    const two = await parseMail(crlf(['Received: from mx2', 'Delivered-To: other@b.test', ...body]));
    expect(one.contentHash).toBe(two.contentHash);
  });

  it('takes the text from the HTML when a mail has no text part', async () => {
    const mail = await parseMail(Buffer.from(['From: x@y.test', 'Subject: h', 'Content-Type: text/html; charset=utf-8', '', '<p>Bir</p><p>Iki &amp; üç</p>'].join('\r\n'), 'utf8'));
    expect(mail.text).toMatch(/^Bir\n+Iki & üç$/);
    expect(mail.html).toBe('<p>Bir</p><p>Iki &amp; üç</p>');
  });
});

describe('sanitizeMailHtml', () => {
  it('keeps formatting and drops scripts, handlers, forms, remote images and javascript links', () => {
    const html = '<div style="x"><b onclick="a()">B</b><script>x</script><form><input></form><img src="http://t.test/p.gif"><img src="cid:logo"><a href="javascript:alert(1)">j</a><a href="https://ok.test">ok</a></div>';
    expect(sanitizeMailHtml(html)).toBe('<div><b>B</b><img /><img src="cid:logo" /><a target="_blank" rel="noopener noreferrer nofollow">j</a><a href="https://ok.test" target="_blank" rel="noopener noreferrer nofollow">ok</a></div>');
  });
});

describe('acknowledgementText', () => {
  it('is written in az, tr and en', () => {
    expect(acknowledgementText('az', 'VF-2026-000001', 'Aygün', 'Bazar')).toContain('Hörmətli Aygün');
    expect(acknowledgementText('tr', 'VF-2026-000001', null, 'Bazar')).toContain('VF-2026-000001 numarasıyla');
    expect(acknowledgementText('en', 'VF-2026-000001', 'Ann', 'Bazar')).toMatch(/^Dear Ann,[\s\S]*Bazar\n$/);
  });
});
