#!/usr/bin/env python3
"""Derive models/function_words.txt, the word list MT011 keeps as words.

Run from the repository root (needs `pip install wordfreq`):

    python3 scripts/derive_function_words.py

Source: the 300 most frequent English words of the `wordfreq` package
(Robyn Speer, MIT licence; frequencies from Wikipedia, subtitles, news,
books, web text and social media), keeping alphabetic words only. These are
almost all function words and the commonest verbs; MT011 keeps them as they
are and reduces every other word to its shape, so the translationese model
cannot learn topic words.

Output: one lower-case word per line, most frequent first.
"""

from wordfreq import top_n_list

WORDS = 300


def main() -> None:
    words = [w for w in top_n_list("en", 400) if w.replace("'", "").isalpha()][:WORDS]
    with open("models/function_words.txt", "w", encoding="utf-8") as out:
        out.write("".join(w + "\n" for w in words))


if __name__ == "__main__":
    main()
