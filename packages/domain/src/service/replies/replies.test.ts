import { describe, expect, it } from 'vitest';
import { renderCannedReply, templateVariables } from './cannedReply.ts';
import { mentionHandles, resolveMentions } from './mentions.ts';

describe('canned replies', () => {
  it('fills known variables and leaves missing ones visible', () => {
    const r = renderCannedReply('Hörmətli {{customer.name}}, {{ case.number }} qeydə alındı. {{customer.firstName}} {{agent.name}}', {
      customer: { name: 'Aysel Kərimova', firstName: '' }, case: { number: 'VF-2026-000001' },
    });
    expect(r.text).toBe('Hörmətli Aysel Kərimova, VF-2026-000001 qeydə alındı. {{customer.firstName}} {{agent.name}}');
    expect(r.missing).toEqual(['customer.firstName', 'agent.name']);
  });
  it('lists the variables a template uses', () => {
    expect(templateVariables('{{a.b}} {{a.b}} {{c.d}} {{bad}}')).toEqual(['a.b', 'c.d']);
  });
});

describe('mentions', () => {
  it('finds handles but not e-mail addresses in prose', () => {
    expect(mentionHandles('@Aysel baxa bilərsən? cc @leyla.m and @agent@firma.az; mail me at x@y.az.')).toEqual(['aysel', 'leyla.m', 'agent@firma.az']);
  });
  it('resolves by e-mail, local part or an unambiguous first name', () => {
    const people = [
      { id: '1', name: 'Aysel Kərimova', email: 'aysel@firma.az' },
      { id: '2', name: 'Leyla Məmmədova', email: 'leyla.m@firma.az' },
      { id: '3', name: 'Elçin Əliyev', email: 'agent@firma.az' },
      { id: '4', name: 'Elçin Həsənov', email: 'e.h@firma.az' },
    ];
    expect(resolveMentions(['aysel', 'leyla.m', 'agent@firma.az', 'elçin'], people).map((p) => p.id)).toEqual(['1', '2', '3']);
  });
});
