import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { departments, memberships, users } from '../../platform/db/schema.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { customers } from '../customers/schema.ts';
import {
  businessCalendars, cannedReplies, cases, caseEvents, caseLinks, caseMentions, csatRequests, departmentServiceSettings, onboardingTemplates,
  routingRules, slaPolicies,
} from './schema.ts';
import { openCase } from './cases/openCase.ts';
import { refreshSla } from './sla/caseClock.ts';
import { forgetDeskSettings } from './deskSettings.ts';
import { officeWeek } from '@vefa/domain';

type Lang = 'az' | 'tr' | 'en';
interface Sample { subject: string; body: string; lang: Lang; category: string; department: string; type: 'complaint' | 'suggestion' | 'question' | 'request' }

const SAMPLES: Sample[] = [
  { subject: 'Bonus kartım işləmir', body: 'Kassada bonus kartımı oxutdum, amma xallar yazılmadı.', lang: 'az', category: 'bonus', department: 'Müştəri xidməti', type: 'complaint' },
  { subject: 'Sifarişim gecikir', body: 'Üç gündür sifarişimi gözləyirəm, çatdırılma haqqında məlumat yoxdur.', lang: 'az', category: 'çatdırılma', department: 'Müştəri xidməti', type: 'complaint' },
  { subject: 'Onlayn ödəniş alınmadı', body: 'Kartdan pul çıxıldı, amma sifariş təsdiqlənmədi.', lang: 'az', category: 'ödəniş', department: 'Maliyyə', type: 'complaint' },
  { subject: 'Mobil tətbiq açılmır', body: 'Yeniləmədən sonra tətbiq açılan kimi bağlanır.', lang: 'az', category: 'tətbiq', department: 'Texniki dəstək', type: 'complaint' },
  { subject: 'Yeni filial təklifi', body: 'Xırdalanda da mağazanız olsa çox yaxşı olardı.', lang: 'az', category: 'təklif', department: 'Müştəri xidməti', type: 'suggestion' },
  { subject: 'Qaytarma qaydaları', body: 'Aldığım məhsulu neçə gün ərzində qaytara bilərəm?', lang: 'az', category: 'qaytarma', department: 'Müştəri xidməti', type: 'question' },
  { subject: 'Puanlarım silinmiş', body: 'Hesabımdaki puanlar bir anda sıfırlandı, nedenini öğrenmek istiyorum.', lang: 'tr', category: 'bonus', department: 'Müştəri xidməti', type: 'complaint' },
  { subject: 'Fatura talebi', body: 'Şirketimiz adına fatura kesilmesini rica ediyorum.', lang: 'tr', category: 'ödəniş', department: 'Maliyyə', type: 'request' },
  { subject: 'Uygulamada giriş hatası', body: 'Şifremi doğru girmeme rağmen giriş yapamıyorum.', lang: 'tr', category: 'tətbiq', department: 'Texniki dəstək', type: 'complaint' },
  { subject: 'Kargo hâlâ gelmedi', body: 'Siparişim bir haftadır yolda görünüyor.', lang: 'tr', category: 'çatdırılma', department: 'Müştəri xidməti', type: 'complaint' },
  { subject: 'Refund not received', body: 'I returned the jacket two weeks ago and the refund has not arrived.', lang: 'en', category: 'qaytarma', department: 'Maliyyə', type: 'complaint' },
  { subject: 'Gift card question', body: 'Can I use a gift card together with loyalty points?', lang: 'en', category: 'bonus', department: 'Müştəri xidməti', type: 'question' },
];

const ROOT_CAUSES: Record<string, [string, string]> = {
  bonus: ['Kassa sinxronizasiyası gecikib', 'Xallar əl ilə əlavə edildi, kassa proqramı yeniləndi'],
  'çatdırılma': ['Kuryer xidmətində gecikmə', 'Sifariş təcili çatdırıldı, kuryerlə müqavilə nəzərdən keçirildi'],
  'ödəniş': ['Ödəniş şlüzündə kəsinti', 'Məbləğ qaytarıldı, bankla əlaqə saxlanıldı'],
  'tətbiq': ['Tətbiqin yeni versiyasında xəta', 'Düzəliş buraxıldı'],
  'qaytarma': ['Qaytarma qaydaları aydın deyil', 'Saytda qaydalar yeniləndi'],
  'təklif': ['Müştəri təklifi', 'Rəhbərliyə təqdim edildi'],
};

const HOUR = 3_600_000;

/**
 * The demo workspace's service desk: an SLA policy, routing rules, canned
 * replies, an onboarding checklist and a few dozen cases in three languages
 * across departments — open, waiting, breached and resolved with satisfaction
 * answers — so the inbox, the SLA clocks and the management report have
 * something to show. Rebuilt on every demo refresh.
 */
export async function seedDemoCases(db: Db, workspaceId: string, options: { count?: number; now?: number } = {}) {
  const count = options.count ?? 48;
  const now = options.now ?? Date.now();
  const actor = { ...systemActor(workspaceId), name: 'Vefa demo' };
  await db.transaction(async (tx) => {
    for (const table of [csatRequests, caseMentions, caseLinks, caseEvents, cases, routingRules, slaPolicies, cannedReplies, onboardingTemplates, departmentServiceSettings, businessCalendars]) {
      await tx.delete(table).where(eq(table.workspaceId, workspaceId));
    }
  });
  const depts = new Map((await db.select().from(departments).where(eq(departments.workspaceId, workspaceId))).map((d) => [d.name, d.id]));
  const serviceDept = depts.get('Müştəri xidməti');
  await db.transaction(async (tx) => {
    await tx.insert(businessCalendars).values({ workspaceId, timeZone: 'Asia/Baku', weeklyHours: { ...officeWeek() } as Record<string, { from: string; to: string }[]>, holidayCountries: ['AZ'], closures: [] });
    await tx.insert(slaPolicies).values([
      { workspaceId, id: crypto.randomUUID(), name: 'Təcili müraciətlər', position: 0, enabled: true, conditions: { priorities: ['urgent', 'high'] }, firstResponseMinutes: 60, resolutionMinutes: 480, warnBeforeMinutes: 15, escalation: { notify: true, raisePriority: false, reassignToUserId: null } },
      { workspaceId, id: crypto.randomUUID(), name: 'Standart', position: 1, enabled: true, conditions: {}, firstResponseMinutes: 240, resolutionMinutes: 1440, warnBeforeMinutes: 60, escalation: { notify: true, raisePriority: true, reassignToUserId: null } },
    ]);
    const ruleRows = [
      { name: 'Ödəniş və fakturalar', words: ['ödəniş', 'fatura', 'refund', 'pul'], dept: 'Maliyyə', priority: 'high' },
      { name: 'Tətbiq xətaları', words: ['tətbiq', 'uygulama', 'giriş', 'app'], dept: 'Texniki dəstək', priority: undefined },
    ];
    for (const [i, r] of ruleRows.entries()) {
      const departmentId = depts.get(r.dept);
      if (!departmentId) continue;
      await tx.insert(routingRules).values({ workspaceId, id: crypto.randomUUID(), name: r.name, position: i, enabled: true, conditions: { anyWords: r.words }, actions: { departmentId, ...(r.priority ? { priority: r.priority } : {}) }, stop: false });
    }
    await tx.insert(cannedReplies).values([
      { workspaceId, id: crypto.randomUUID(), name: 'Müraciət qəbul edildi', departmentId: null, body: {
        az: 'Hörmətli {{customer.name}}, {{case.number}} nömrəli müraciətiniz qəbul edildi. Tezliklə sizinlə əlaqə saxlayacağıq.\n{{agent.name}}, {{workspace.name}}',
        tr: 'Sayın {{customer.name}}, {{case.number}} numaralı talebiniz alındı. En kısa sürede size dönüş yapacağız.\n{{agent.name}}, {{workspace.name}}',
        en: 'Dear {{customer.name}}, we have received your request {{case.number}} and will get back to you shortly.\n{{agent.name}}, {{workspace.name}}' } },
      { workspaceId, id: crypto.randomUUID(), name: 'Əlavə məlumat lazımdır', departmentId: null, body: {
        az: 'Hörmətli {{customer.name}}, müraciətinizi həll etmək üçün çek nömrəsini göndərməyinizi xahiş edirik.',
        tr: 'Sayın {{customer.name}}, talebinizi çözebilmemiz için fiş numarasını göndermenizi rica ederiz.',
        en: 'Dear {{customer.name}}, please send us the receipt number so we can resolve your request.' } },
    ]);
    await tx.insert(onboardingTemplates).values({ workspaceId, id: crypto.randomUUID(), name: 'Korporativ müştərinin qoşulması', steps: [
      { key: 'contract', title: 'Müqavilə imzalanıb' }, { key: 'accounts', title: 'Əməkdaş hesabları açılıb' },
      { key: 'training', title: 'Təlim keçirilib' }, { key: 'first-order', title: 'İlk sifariş verilib' },
    ] });
    if (serviceDept) await tx.insert(departmentServiceSettings).values({ workspaceId, departmentId: serviceDept, strategy: 'least_open_cases' });
  });
  forgetDeskSettings(workspaceId);

  const people = await db.select({ id: customers.id, language: customers.language }).from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.kind, 'person'), isNull(customers.mergedIntoId))).orderBy(asc(customers.externalId)).limit(count * 3);
  const agents = await db.select({ id: users.id, departmentId: memberships.departmentId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.role, ['service_agent', 'service_coordinator'])));
  for (let i = 0; i < count && people.length > 0; i++) {
    const sample = SAMPLES[i % SAMPLES.length];
    const customer = people[(i * 7) % people.length];
    if (!sample || !customer) continue;
    const ageHours = 2 + ((i * 37) % (24 * 50));
    const opened = new Date(now - ageHours * HOUR);
    await db.transaction(async (tx) => {
      const departmentId = depts.get(sample.department) ?? null;
      const row = await openCase(tx, actor, {
        customerId: customer.id, subject: sample.subject, description: sample.body, channel: (['email', 'phone', 'web_form', 'chat'] as const)[i % 4] ?? 'email',
        type: sample.type, category: sample.category, language: sample.lang, departmentId, receivedAt: opened,
        priority: i % 11 === 0 ? 'urgent' : i % 5 === 0 ? 'high' : 'normal',
        assigneeId: agents.find((a) => a.departmentId === departmentId)?.id ?? null,
      });
      // Older cases have been worked: answered after a few hours, most resolved, some waiting on the customer.
      const stage = ageHours < 6 ? 'new' : i % 6 === 1 ? 'pending_customer' : ageHours < 30 ? 'open' : 'resolved';
      if (stage === 'new') return;
      const answered = new Date(opened.getTime() + (1 + (i % 5)) * HOUR);
      const history = [...row.statusHistory, { status: 'open', at: answered.toISOString() }];
      const resolvedAt = new Date(answered.getTime() + (2 + (i % 20)) * HOUR);
      if (stage === 'pending_customer') history.push({ status: 'pending_customer', at: new Date(answered.getTime() + HOUR).toISOString() });
      if (stage === 'resolved') history.push({ status: 'resolved', at: resolvedAt.toISOString() });
      const [cause, action] = ROOT_CAUSES[sample.category] ?? ['—', '—'];
      const [updated] = await tx.update(cases).set({
        status: stage, isOpen: stage !== 'resolved', statusHistory: history, firstRespondedAt: answered,
        ...(stage === 'resolved' ? { resolvedAt, rootCause: cause, actionTaken: action } : {}),
      }).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, row.id))).returning();
      if (!updated) return;
      await refreshSla(tx, updated, { now: new Date(now) });
      if (stage === 'resolved' && i % 3 !== 2) {
        const score = [5, 4, 5, 3, 4, 2, 5, 4][i % 8] ?? 4;
        const answeredAt = new Date(resolvedAt.getTime() + 5 * HOUR);
        await tx.insert(csatRequests).values({ workspaceId, id: crypto.randomUUID(), caseId: row.id, customerId: customer.id, language: sample.lang, expiresAt: new Date(resolvedAt.getTime() + 14 * 24 * HOUR), sentAt: resolvedAt, answeredAt, score });
        await tx.update(cases).set({ csatScore: score, csatAt: answeredAt }).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, row.id)));
      }
    });
  }
}
