import { beforeAll, describe, expect, it } from 'vitest';
import {
  HizirConversation,
  MemorySessionStore,
  RedisSessionStore,
  type HizirRedisLike,
} from '../../../src/hizir/hizir-conversation';
import { HizirEngine, WORDLESS_TEXT, type HizirAnswer } from '../../../src/hizir/hizir.engine';
import { sessionPrivacy } from '../../../src/hizir/hizir.module';

const CONFIG = `${__dirname}/../../../config`;

/**
 * A "1" with no question waiting in its session is not read as a reply (it would answer the
 * first option): it is a message of its own, with no words, and asks for the question in them.
 */
function expectNoReply(a: HizirAnswer): void {
  expect(a.operationId).toBeNull();
  expect(a.handoff).toBe(false);
  expect(a.answer).toContain(WORDLESS_TEXT.tr);
}

/** A Map standing in for Redis: SET with EX, GETDEL. */
class FakeRedis implements HizirRedisLike {
  readonly data = new Map<string, { value: string; ttl: number }>();
  set(key: string, value: string, _ex: 'EX', seconds: number): Promise<unknown> {
    this.data.set(key, { value, ttl: seconds });
    return Promise.resolve('OK');
  }
  getdel(key: string): Promise<string | null> {
    const v = this.data.get(key);
    this.data.delete(key);
    return Promise.resolve(v?.value ?? null);
  }
}

describe('HizirConversation: one clarifying question, answered from the reply', () => {
  let engine: HizirEngine;
  beforeAll(() => {
    engine = HizirEngine.fromConfig(CONFIG);
  });

  it('asks about a lost passport in the user language, and answers from the reply', async () => {
    const c = new HizirConversation(engine);
    const q = await c.reply('I lost my passport', { sessionId: 's1' });
    expect(q.clarify?.question).toMatch(/travel/i);
    expect(q.clarify?.options).toHaveLength(2);
    expect(q.operationId).toMatch(/passport-lost-stolen|travel-document-emergency-passport/);
    expect(q.handoff).toBe(false);
    const a = await c.reply('yes, my flight is tomorrow', { sessionId: 's1' });
    expect(a.operationId).toBe('travel-document-emergency-passport');
    expect(a.clarify).toBeUndefined();

    const tr = await c.reply('pasaportumu kaybettim', { sessionId: 's2' });
    expect(tr.lang).toBe('tr');
    expect(tr.clarify?.question).toMatch(/seyahat/);
    expect((await c.reply('hayır, acelem yok', { sessionId: 's2' })).operationId).toBe(
      'passport-lost-stolen',
    );
  });

  it('a reply that denies an option\'s word ("acil değil", "not urgent") does not pick that option', async () => {
    // Before, "hayır acil değil" held the urgent option's reply word "acil" and the model, given
    // "acil", chose the emergency passport: the citizen said the opposite.
    const c = new HizirConversation(engine);
    const cases: [string, string, string][] = [
      ['pasaportumu kaybettim', 'hayır acil değil', 'passport-lost-stolen'],
      ['pasaportumu kaybettim', 'acil değil', 'passport-lost-stolen'],
      ['pasaportumu kaybettim', 'değil acil', 'passport-lost-stolen'],
      ['pasaportumu kaybettim', 'hiç acil değil, bekleyebilirim', 'passport-lost-stolen'],
      ['pasaportumu kaybettim', 'acil bir seyahatim yok', 'passport-lost-stolen'],
      ['pasaportumu kaybettim', 'yarın uçmuyorum', 'passport-lost-stolen'],
      ['I lost my passport', 'no, it is not urgent', 'passport-lost-stolen'],
      ['I lost my passport', 'not urgent', 'passport-lost-stolen'],
      ['I lost my passport', "it isn't urgent", 'passport-lost-stolen'],
      ['I lost my passport', 'there is no rush, thanks', 'passport-lost-stolen'],
      // The same words said, not denied, still pick the urgent option.
      ['pasaportumu kaybettim', 'evet acil', 'travel-document-emergency-passport'],
      [
        'pasaportumu kaybettim',
        'acil değil mi, yarın uçuyorum',
        'travel-document-emergency-passport',
      ],
      ['I lost my passport', 'yes it is urgent', 'travel-document-emergency-passport'],
      [
        'I lost my passport',
        "it's urgent, I don't have time",
        'travel-document-emergency-passport',
      ],
    ];
    for (const [i, [question, reply, operation]] of cases.entries()) {
      const q = await c.reply(question, { sessionId: `neg${i}` });
      expect(q.clarify?.options, reply).toHaveLength(2);
      const a = await c.reply(reply, { sessionId: `neg${i}` });
      expect(a.operationId, reply).toBe(operation);
      expect(a.clarify, reply).toBeUndefined();
    }
  });

  it('asks registration or transfer after a death abroad; a number picks the option', async () => {
    const c = new HizirConversation(engine);
    const q = await c.reply('my father died abroad', { sessionId: 'd' });
    expect(q.clarify).toBeDefined();
    const i = q.clarify!.options.findIndex((o) => /bring|Türkiye/i.test(o));
    const a = await c.reply(String(i + 1), { sessionId: 'd' });
    expect(a.operationId).toBe('repatriation-customs-funeral-transfer');
    expect(a.confidence).toBe(1);
  });

  it('a number that is no option asks the same question again, in the conversation language', async () => {
    // Before, "9" after a list of five lost the question and was answered as a message of its
    // own: "I could not find a question in your message", in Turkish first and with lang "tr",
    // in an English conversation; the citizen had to ask from the start.
    const c = new HizirConversation(engine);
    for (const [question, reply, lang] of [
      ['passport', '9', 'en'],
      ['passport', '0', 'en'],
      ['pasaportumu kaybettim', '3', 'tr'],
      ['pasaportumu kaybettim', '12', 'tr'],
    ] as const) {
      const sessionId = `range-${question}-${reply}`;
      const q = await c.reply(question, { sessionId });
      expect(q.clarify, question).toBeDefined();
      const n = q.clarify!.options.length;
      const again = await c.reply(reply, { sessionId });
      expect(again.lang, reply).toBe(lang);
      expect(again.answer).not.toContain(WORDLESS_TEXT.tr);
      // The best guess, as with the question; the question says first which numbers there are.
      expect({ ...again, clarify: undefined }).toEqual({ ...q, clarify: undefined });
      const asked = again.clarify!.question;
      expect(
        asked.startsWith(
          lang === 'en'
            ? `${reply} is not one of the options: reply with a number from 1 to ${n},`
            : `${reply} seçeneklerden biri değil: 1 ile ${n} arasında`,
        ),
        asked,
      ).toBe(true);
      expect(asked.endsWith(` ${q.clarify!.question}`)).toBe(true);
      expect(again.clarify!.options).toEqual(q.clarify!.options);
      // The question still waits: a number in range now picks its option, once.
      const a = await c.reply(String(n), { sessionId });
      expect(a.clarify).toBeUndefined();
      expect(a.confidence).toBe(1);
      await c.reply(question, { sessionId: `${sessionId}-direct` });
      const direct = await c.reply(String(n), { sessionId: `${sessionId}-direct` });
      expect(a).toEqual(direct);
      expectNoReply(await c.reply('1', { sessionId }));
    }
  });

  it('reads an option\'s number however a citizen writes it: words, ordinals, "option 2", other scripts', async () => {
    // Before, only ASCII digits were read: after "passport" (five options) "option 2" picked
    // citizenship-choice (0.87), "the second" citizenship-dual-notification, "two" and "iki" went
    // to the model (option 1 at 0.40 and 0.57), "٢" was answered as a message without words.
    const c = new HizirConversation(engine);
    const forms: [string, number][] = [
      ['option 2', 2],
      ['Option #2', 2],
      ['number two', 2],
      ['no. 3', 3],
      ['#4', 4],
      ['the second', 2],
      ['the 2nd one', 2],
      ['2nd', 2],
      ['third option', 3],
      ['two', 2],
      ['Five', 5],
      ['first', 1],
      ['iki', 2],
      ['üç', 3],
      ['bir', 1],
      ['ikinci', 2],
      ['ikincisi', 2],
      ['üçüncüsü', 3],
      ['ilki', 1],
      ['2.', 2],
      ['2. seçenek', 2],
      ['dördüncü seçenek', 4],
      ['seçenek 2', 2],
      ['2 numara', 2],
      ['3 numaralı seçenek', 3],
      ['٢', 2],
      ['۳', 3],
      ['२', 2],
      ['৪', 4],
      ['２', 2],
      ['option 2, please', 2],
    ];
    for (const [question, lang] of [
      ['passport', 'en'],
      ['pasaport işlemleri', 'tr'],
    ] as const) {
      const q = await c.reply(question, { sessionId: `forms-${question}` });
      expect(q.clarify?.options.length, question).toBe(5);
      const byNumber: HizirAnswer[] = [];
      for (let n = 1; n <= 5; n++) {
        await c.reply(question, { sessionId: `forms-${question}-${n}` });
        byNumber.push(await c.reply(String(n), { sessionId: `forms-${question}-${n}` }));
      }
      expect(new Set(byNumber.map((a) => a.operationId)).size).toBe(5);
      for (const [reply, n] of forms) {
        const sessionId = `forms-${question}-${reply}`;
        await c.reply(question, { sessionId });
        const a = await c.reply(reply, { sessionId });
        expect(a.clarify, reply).toBeUndefined();
        expect(a.lang, reply).toBe(lang);
        expect([a.operationId, a.confidence], reply).toEqual([byNumber[n - 1]!.operationId, 1]);
      }
    }
  });

  it('a number word or ordinal past the options, and "2.0", "1e0", "-1", ask the question again', async () => {
    // Before, "1e0" was option 1 (Number("1e0") is 1), and "2.0" was a message without words: the
    // question was lost and the citizen asked to write in words, in Turkish first.
    const c = new HizirConversation(engine);
    for (const reply of [
      '2.0',
      '1e0',
      '-1',
      '0x2',
      'the ninth',
      'nine',
      'dokuzuncu',
      'zero',
      '٩',
    ]) {
      const sessionId = `again-${reply}`;
      const q = await c.reply('passport', { sessionId });
      expect(q.clarify?.options, reply).toHaveLength(5);
      const again = await c.reply(reply, { sessionId });
      expect(again.lang, reply).toBe('en');
      expect(again.answer, reply).not.toContain(WORDLESS_TEXT.tr);
      expect(again.clarify?.question, reply).toBe(
        `${reply} is not one of the options: reply with a number from 1 to 5, or the option's name. ${q.clarify!.question}`,
      );
      // The question still waits for its reply.
      const a = await c.reply('two', { sessionId });
      expect([a.clarify, a.confidence], reply).toEqual([undefined, 1]);
    }
  });

  it('"no" still answers a yes/no question by its reply words, not as "No." before a number', async () => {
    const c = new HizirConversation(engine);
    await c.reply('I lost my passport', { sessionId: 'no' });
    expect((await c.reply('no', { sessionId: 'no' })).operationId).toBe('passport-lost-stolen');
  });

  it('hands an arrest, a hospital stay or a missing child told as the reply to an officer, as when asked alone', async () => {
    // Before, the pending question took the message as a choice among its options: the citizen
    // whose brother was arrested was answered with a lost passport's procedure, and no officer
    // was told ("yes, and ..." beside an option's words too).
    const c = new HizirConversation(engine);
    for (const [i, reply] of [
      'my brother was arrested in Berlin',
      'kızım kayıp',
      'Evet, ama kardeşim gözaltına alındı',
      'yes, and my wife is in hospital after an accident',
    ].entries()) {
      const alone = engine.answer(reply);
      expect(alone.handoffReason, reply).toBe('sensitive');
      const q = await c.reply(i % 2 ? 'pasaportumu kaybettim' : 'I lost my passport', {
        sessionId: `sens${i}`,
      });
      expect(q.clarify, reply).toBeDefined();
      const a = await c.reply(reply, { sessionId: `sens${i}` });
      expect(a.handoff, reply).toBe(true);
      expect(a.handoffReason, reply).toBe('sensitive');
      expect(a.operationId, reply).toBe(alone.operationId);
    }
  });

  it('does not ask when the question already says which one', async () => {
    const a = await new HizirConversation(engine).reply(
      'My passport was stolen and I fly home tomorrow',
      { sessionId: 'x' },
    );
    expect(a.operationId).toBe('travel-document-emergency-passport');
    expect(a.clarify).toBeUndefined();
  });

  it('asks once: after the reply the session holds nothing, and a new question is a new question', async () => {
    const c = new HizirConversation(engine);
    await c.reply('pasaportumu kaybettim', { sessionId: 'o' });
    await c.reply('1', { sessionId: 'o' });
    expectNoReply(await c.reply('1', { sessionId: 'o' }));
    await c.reply('I lost my passport', { sessionId: 'n' });
    const other = await c.reply('How do I register to vote from abroad?', { sessionId: 'n' });
    expect(other.operationId).toBe('elections-voter-registration');
  });

  it('keeps sessions apart and keeps no state without a sessionId', async () => {
    const c = new HizirConversation(engine);
    await c.reply('I lost my passport', { sessionId: 'alice' });
    expectNoReply(await c.reply('1', { sessionId: 'bob' }));
    const a = await c.reply('I lost my passport');
    expect(a.clarify).toBeDefined();
    expectNoReply(await c.reply('1'));
  });

  it('forgets a pending question after its TTL (memory store)', async () => {
    let now = 0;
    const c = new HizirConversation(engine, new MemorySessionStore(() => now), 60);
    await c.reply('I lost my passport', { sessionId: 't' });
    now = 61_000;
    expectNoReply(await c.reply('1', { sessionId: 't' }));
  });

  it('keeps the pending question in Redis under a prefixed key with a TTL', async () => {
    const redis = new FakeRedis();
    const plain = {
      conceal: (t: string) => t,
      reveal: (t: string) => t,
      keyOf: (id: string) => id,
    };
    const c = new HizirConversation(
      engine,
      new RedisSessionStore(redis, plain, 'hizir:clarify:'),
      900,
    );
    await c.reply('I lost my passport', { sessionId: 'r' });
    expect(redis.data.get('hizir:clarify:r')?.ttl).toBe(900);
    expect(JSON.parse(redis.data.get('hizir:clarify:r')!.value)).toMatchObject({
      text: 'I lost my passport',
      lang: 'en',
    });
    expect((await c.reply('2', { sessionId: 'r' })).operationId).toBe('passport-lost-stolen');
    expect(redis.data.size).toBe(0);
  });

  it("the live store keeps neither the citizen's personal data nor their sessionId", async () => {
    const redis = new FakeRedis();
    const store = new RedisSessionStore(
      redis,
      sessionPrivacy('a-test-secret-of-some-length'),
      'hizir:clarify:',
    );
    const c = new HizirConversation(engine, store, 900);
    const sessionId = 'session-of-john-smithson';
    const first = await c.reply(
      'I lost my passport U98765432 with my brother Karl Heinzmann, my name is John Smithson, write to john.smithson@example.com',
      { sessionId },
    );
    expect(first.clarify).toBeTruthy();
    expect(redis.data.size).toBe(1);
    const [[key, { value }]] = [...redis.data.entries()];
    for (const secret of [
      'U98765432',
      'Smithson',
      'Heinzmann',
      'Karl',
      'john.smithson@example.com',
      sessionId,
    ]) {
      expect(key).not.toContain(secret);
      expect(value).not.toContain(secret);
    }
    // The sealed question still resolves the reply as the question itself does.
    expect((await c.reply('2', { sessionId })).operationId).toBe('passport-lost-stolen');
  });

  it('drops a kept question that does not open (another secret, a value changed in Redis)', async () => {
    const redis = new FakeRedis();
    const put = new RedisSessionStore(redis, sessionPrivacy('one-secret-of-some-length'), 'p:');
    const other = new RedisSessionStore(redis, sessionPrivacy('another-secret-of-a-length'), 'p:');
    const pending = { text: 'I lost my passport', lang: 'en' } as never;
    await put.put('s', pending, 900);
    // The other secret hashes the sessionId to another key: move the value there.
    const [[key, { value }]] = [...redis.data.entries()];
    redis.data.delete(key);
    const otherKey = 'p:' + sessionPrivacy('another-secret-of-a-length').keyOf('s');
    redis.data.set(otherKey, { value, ttl: 900 });
    expect(await other.take('s')).toBeNull();
    await put.put('s', pending, 900);
    expect((await put.take('s'))?.text).toBe('I lost my passport');
  });
});
