/**
 * AI API providers (data only). Most are one env var holding an API key.
 */
import type { ProviderSpec } from './types.ts';

/** An env-only provider with one `api_key` value. */
function apiKey(name: string, description: string, names: readonly string[], exportAll = false): ProviderSpec {
  return { name, description, valueKeys: ['api_key'], required: ['api_key'], env: [{ key: 'api_key', names, exportAll }], files: [] };
}

/** AI model and tooling providers. */
export const aiProviders: readonly ProviderSpec[] = [
  apiKey('anthropic', 'Anthropic API key', ['ANTHROPIC_API_KEY']),
  apiKey('cohere', 'Cohere API key', ['COHERE_API_KEY', 'CO_API_KEY'], true),
  apiKey('langchain', 'LangChain / LangSmith API key', ['LANGCHAIN_API_KEY', 'LANGSMITH_API_KEY'], true),
  {
    name: 'openai',
    description: 'OpenAI API key and optional organization',
    valueKeys: ['api_key', 'organization'],
    required: ['api_key'],
    env: [
      { key: 'api_key', names: ['OPENAI_API_KEY'] },
      { key: 'organization', names: ['OPENAI_ORG_ID'] },
    ],
    files: [],
  },
  apiKey('pinecone', 'Pinecone API key', ['PINECONE_API_KEY']),
  {
    name: 'wandb',
    description: 'Weights & Biases API key (env, and the api.wandb.ai entry of ~/.netrc)',
    valueKeys: ['api_key'],
    required: ['api_key'],
    env: [{ key: 'api_key', names: ['WANDB_API_KEY'] }],
    files: [
      {
        id: 'netrc',
        locations: [{ env: 'NETRC' }, { home: '.netrc' }],
        codec: 'netrc',
        fields: { api_key: 'password' },
        constants: { login: 'user' },
        selector: { kind: 'machine', default: 'api.wandb.ai' },
        mode: 0o600,
        pointer: { env: 'NETRC', target: 'file' },
      },
    ],
  },
  apiKey('gemini', 'Google Gemini API key', ['GEMINI_API_KEY', 'GOOGLE_API_KEY']),
  apiKey('mistral', 'Mistral AI API key', ['MISTRAL_API_KEY']),
  apiKey('groq', 'Groq API key', ['GROQ_API_KEY']),
  apiKey('together', 'Together AI API key', ['TOGETHER_API_KEY']),
  {
    name: 'replicate',
    description: 'Replicate API token',
    valueKeys: ['api_token'],
    required: ['api_token'],
    env: [{ key: 'api_token', names: ['REPLICATE_API_TOKEN'] }],
    files: [],
  },
  apiKey('openrouter', 'OpenRouter API key', ['OPENROUTER_API_KEY']),
  apiKey('xai', 'xAI (Grok) API key', ['XAI_API_KEY']),
  apiKey('deepseek', 'DeepSeek API key', ['DEEPSEEK_API_KEY']),
];
