// The language switch the pages share: Chinese by default, English on request, remembered per browser.
window.CertHubLang = (T, onChange) => {
  let lang = localStorage.getItem('certhub.lang') || 'zh';
  const t = (k, ...args) => { const v = T[lang][k]; return typeof v === 'function' ? v(...args) : v; };
  function apply() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
    document.title = t('title');
    document.querySelector('#lang').textContent = lang === 'zh' ? 'English' : '中文';
  }
  document.querySelector('#lang').onclick = () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('certhub.lang', lang);
    apply();
    if (onChange) onChange();
  };
  apply();
  return { t, lang: () => lang };
};
