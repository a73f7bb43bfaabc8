import OpenAI from 'openai';

const client = new OpenAI();

/** Asks the model for the antonym of one word. */
export async function antonym(word: string): Promise<string> {
  const prompt = `Give the opposite of the word below. Answer with one word only.\nWord: ${word}`;
  const reply = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0,
    messages: [{ role: 'user', content: prompt }],
  });
  return reply.choices[0]?.message.content?.trim() ?? '';
}
