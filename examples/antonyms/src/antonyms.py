from openai import OpenAI

client = OpenAI()

SYSTEM_PROMPT = """You are a careful lexicographer.
Reply with the antonym of the word the user gives, in lower case, and nothing else."""


def antonym(word: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        temperature=0,
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": word},
        ],
    )
    return (reply.choices[0].message.content or "").strip()
