/** The Checkout locales Stripe accepts; anything else becomes "auto" (the shopper's browser decides). */
const STRIPE_LOCALES = new Set([
  'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA', 'hr', 'hu',
  'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl',
  'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
]);

/** en_AU → en, en_GB → en-GB, pt_BR → pt-BR, xx_YY → auto. */
export function stripeLocale(locale: string | null): string {
  if (!locale) return 'auto';
  const [language = '', region] = locale.split('_');
  const regional = region ? `${language}-${region}` : language;
  if (STRIPE_LOCALES.has(regional)) return regional;
  if (STRIPE_LOCALES.has(language)) return language;
  return 'auto';
}
