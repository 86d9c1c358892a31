/**
 * List prices (USD per million tokens) of common hosted models, as published by each
 * provider on the table's date. Open-weight models (Llama, Qwen, DeepSeek R1/V3 weights) have
 * no single price: theirs are a typical serverless host's (Together AI, Groq, the vendor's
 * own API) and are the first thing to override with your own host's prices.
 *
 * Reasoning tokens are billed as output and already counted in output tokens by every
 * provider here, so they carry no price of their own.
 */
import type { ModelPrice, PricingTable } from './types';

const anthropic = (input: number, output: number, cacheRead: number): ModelPrice => ({ input, output, cacheRead, cacheReadInInput: false });
const p = (input: number, output: number, cacheRead?: number): ModelPrice => (cacheRead === undefined ? { input, output } : { input, output, cacheRead });

export const BUNDLED_PRICING: PricingTable = {
  date: '2025-11-01',
  models: {
    // OpenAI
    'gpt-5': p(1.25, 10, 0.125),
    'gpt-5-mini': p(0.25, 2, 0.025),
    'gpt-5-nano': p(0.05, 0.4, 0.005),
    'gpt-5-pro': p(15, 120),
    'gpt-4.1': p(2, 8, 0.5),
    'gpt-4.1-mini': p(0.4, 1.6, 0.1),
    'gpt-4.1-nano': p(0.1, 0.4, 0.025),
    'gpt-4o': p(2.5, 10, 1.25),
    'gpt-4o-mini': p(0.15, 0.6, 0.075),
    'gpt-4-turbo': p(10, 30),
    'gpt-4': p(30, 60),
    'gpt-3.5-turbo': p(0.5, 1.5),
    'o1': p(15, 60, 7.5),
    'o1-mini': p(1.1, 4.4, 0.55),
    'o3': p(2, 8, 0.5),
    'o3-pro': p(20, 80),
    'o3-mini': p(1.1, 4.4, 0.55),
    'o4-mini': p(1.1, 4.4, 0.275),
    'text-embedding-3-small': p(0.02, 0),
    'text-embedding-3-large': p(0.13, 0),
    'text-embedding-ada-002': p(0.1, 0),
    // Anthropic (cache reads are listed apart from input tokens)
    'claude-opus-4-5': anthropic(5, 25, 0.5),
    'claude-opus-4-1': anthropic(15, 75, 1.5),
    'claude-opus-4': anthropic(15, 75, 1.5),
    'claude-sonnet-4-5': anthropic(3, 15, 0.3),
    'claude-sonnet-4': anthropic(3, 15, 0.3),
    'claude-haiku-4-5': anthropic(1, 5, 0.1),
    'claude-3-7-sonnet': anthropic(3, 15, 0.3),
    'claude-3-5-sonnet': anthropic(3, 15, 0.3),
    'claude-3-5-haiku': anthropic(0.8, 4, 0.08),
    'claude-3-opus': anthropic(15, 75, 1.5),
    'claude-3-haiku': anthropic(0.25, 1.25, 0.03),
    // Google (prompts up to 200k tokens)
    'gemini-2.5-pro': p(1.25, 10, 0.31),
    'gemini-2.5-flash': p(0.3, 2.5, 0.075),
    'gemini-2.5-flash-lite': p(0.1, 0.4, 0.025),
    'gemini-2.0-flash': p(0.1, 0.4, 0.025),
    'gemini-2.0-flash-lite': p(0.075, 0.3),
    'gemini-1.5-pro': p(1.25, 5),
    'gemini-1.5-flash': p(0.075, 0.3),
    'text-embedding-004': p(0, 0),
    // Mistral
    'mistral-large': p(2, 6),
    'mistral-medium': p(0.4, 2),
    'mistral-small': p(0.1, 0.3),
    'magistral-medium': p(2, 5),
    'magistral-small': p(0.5, 1.5),
    'codestral': p(0.3, 0.9),
    'pixtral-large': p(2, 6),
    'ministral-8b': p(0.1, 0.1),
    'ministral-3b': p(0.04, 0.04),
    'open-mistral-nemo': p(0.15, 0.15),
    'mistral-nemo': p(0.15, 0.15),
    'mistral-embed': p(0.1, 0),
    // DeepSeek (its own API; V3.2 prices for both aliases)
    'deepseek-chat': p(0.28, 0.42, 0.028),
    'deepseek-reasoner': p(0.28, 0.42, 0.028),
    'deepseek-v3': p(0.27, 1.1, 0.07),
    'deepseek-r1': p(0.55, 2.19, 0.14),
    // Llama (typical serverless hosts)
    'llama-4-maverick': p(0.27, 0.85),
    'llama-4-scout': p(0.18, 0.59),
    'llama-3.3-70b': p(0.59, 0.79),
    'llama-3.1-405b': p(3.5, 3.5),
    'llama-3.1-70b': p(0.88, 0.88),
    'llama-3.1-8b': p(0.18, 0.18),
    'llama-3.2-3b': p(0.06, 0.06),
    // Qwen (Alibaba Cloud international, and typical hosts for the open weights)
    'qwen-max': p(1.6, 6.4),
    'qwen-plus': p(0.4, 1.2),
    'qwen-turbo': p(0.05, 0.2),
    'qwen3-235b-a22b': p(0.2, 0.6),
    'qwen3-coder-480b-a35b': p(2, 2),
    'qwen3-32b': p(0.1, 0.3),
    'qwen2.5-72b': p(1.2, 1.2),
    'qwen2.5-coder-32b': p(0.8, 0.8),
  },
};
