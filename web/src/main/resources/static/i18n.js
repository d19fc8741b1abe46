// The page's two languages. The API stays language-neutral: services answer RFC 9457 problems with a stable
// `type` (urn:tessera:problem:<slug>), and the page maps each slug it knows to its own text here.
//
// Hand-written rather than a library: two languages, a few hundred strings, no build step and a CSP that allows
// only this origin's scripts; a lookup with {name} placeholders is all it needs. Plurals go through
// Intl.PluralRules, dates through toLocaleString with the chosen language.

const STORAGE_KEY = 'tessera.language';
const PROBLEM_PREFIX = 'urn:tessera:problem:';

export const LANGUAGES = { en: 'English', 'zh-CN': '中文' };

const en = {
  'brand': 'Tessera Forum',
  'title.page': 'Tessera Forum',
  'title.suffix': '{title} · Tessera Forum',
  'nav.account': 'Account',
  'nav.login': 'Log in',
  'nav.signup': 'Sign up',
  'nav.logout': 'Log out',
  'nav.unread': 'Unread notifications',
  'nav.language': 'Language',
  'loading': 'Loading…',
  'session.opaque': 'server-side session',
  'session.jwt': 'JWT',
  'session.opaque.title': 'An opaque session token: the gateway asks auth-service about it on every request.',
  'session.jwt.title': 'A self-contained token: the gateway verifies its signature itself.',

  'notifications.title': 'Notifications',
  'notifications.readAll': 'Mark all read',
  'notifications.empty': 'Nothing yet. When someone replies to your thread, you see it here.',
  'notifications.replied': '{actor} replied to “{thread}”',
  'notifications.loginFirst': 'Log in to see your notifications.',

  'threads.title': 'Threads',
  'threads.new': 'New thread',
  'threads.hint.before': 'Anyone can read.',
  'threads.hint.login': 'Log in',
  'threads.hint.or': 'or',
  'threads.hint.signup': 'sign up',
  'threads.hint.after': 'to start a thread or reply.',
  'threads.form.title': 'Title',
  'threads.form.body': 'First post',
  'threads.form.create': 'Create thread',
  'threads.none': 'No threads yet.',
  'threads.older': 'Older threads',
  'threads.lastActivity': 'last activity',
  'threads.posts.one': '{count} post',
  'threads.posts.other': '{count} posts',
  'common.cancel': 'Cancel',
  'common.save': 'Save',

  'thread.all': '← All threads',
  'thread.startedBy': 'started by {name} · {when}',
  'thread.morePosts': 'More posts',
  'thread.reply': 'Reply',
  'thread.postReply': 'Post reply',
  'thread.replyHint.login': 'Log in',
  'thread.replyHint.after': 'to reply.',
  'post.edited': '(edited)',
  'post.edit': 'Edit',
  'post.delete': 'Delete',
  'post.confirmDelete': 'Delete this post?',

  'login.title': 'Log in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.keep': 'Keep me logged in with',
  'login.jwt': 'a self-contained token (JWT, verified at the gateway)',
  'login.opaque': 'a server-side session (checked at auth-service on every request)',
  'login.submit': 'Log in',
  'login.forgot': 'Forgot your password?',
  'login.noAccount': 'No account yet?',
  'login.signup': 'Sign up',

  'signup.title': 'Sign up',
  'signup.username': 'Username',
  'signup.displayName': 'Display name',
  'signup.password': 'Password',
  'signup.hint':
    'At least 15 characters: a phrase of a few unrelated words works well. Passwords that are easy to guess ' +
    '(common ones, names, keyboard patterns, your username) are refused.',
  'signup.submit': 'Create account',
  'signup.welcome': 'Welcome! Your account is ready.',

  'account.title': 'Account',
  'account.email.current': 'Your e-mail address:',
  'account.email.none': 'none yet',
  'account.email.verified': '(verified)',
  'account.email.unverified': '(not verified yet)',
  'account.email.label': 'E-mail address',
  'account.email.hint':
    'We mail a link to this address; open it to verify the address. Only a verified address can be used to ' +
    'recover your account if you forget your password.',
  'account.email.submit': 'Send verification link',
  'account.email.already': 'That is already your verified address.',
  'account.email.sent': 'Check your mailbox: open the link we sent to verify the address.',
  'account.loginFirst': 'Log in to see your account.',

  'forgot.title': 'Forgot your password?',
  'forgot.email': 'E-mail address',
  'forgot.hint':
    'Enter the verified e-mail address of your account. We mail you a link to choose a new password; it works ' +
    'once, for 30 minutes.',
  'forgot.submit': 'Send reset link',
  'forgot.remembered': 'Remembered it?',
  'forgot.login': 'Log in',
  'forgot.sent': 'If that address belongs to an account, a link is on its way.',
  'forgot.pageTitle': 'Forgot password',

  'reset.title': 'Choose a new password',
  'reset.password': 'New password',
  'reset.hint':
    'At least 15 characters (8 if your account has an authenticator app): a phrase of a few unrelated words ' +
    'works well. Passwords that are easy to guess are refused. Changing it logs you out on every device.',
  'reset.submit': 'Set new password',
  'reset.notWorking': 'Link not working?',
  'reset.askAgain': 'Ask for a new one',
  'reset.done': 'Password changed. Log in with the new one.',
  'reset.pageTitle': 'New password',

  'verify.title': 'Verify your e-mail address',
  'verify.pending': 'Verifying…',
  'verify.forum': 'Go to the forum',
  'verify.done': 'Address verified. It can now be used to recover your account.',
  'verify.doneShort': 'Address verified.',
  'verify.failed': 'The address was not verified.',
  'verify.pageTitle': 'Verify e-mail',

  'login.second.hint': 'Your account has a second factor. Enter the 6-digit code your authenticator app shows now.',
  'login.second.code': 'Code',
  'login.second.recovery': 'Recovery code',
  'login.second.recoveryHint':
    'Enter one of the recovery codes you saved when you turned on the authenticator app. Each works once.',
  'login.second.submit': 'Verify',
  'login.second.useRecovery': 'Use a recovery code instead',
  'totp.title': 'Authenticator app',
  'totp.status': 'Status:',
  'totp.state.none': 'off',
  'totp.state.pending': 'being set up',
  'totp.state.enabled': 'on · {count} recovery codes left',
  'totp.off.hint':
    'Add a second factor: after your password, logging in asks for a code from an authenticator app on your ' +
    'phone (RFC 6238, e.g. FreeOTP or Google Authenticator).',
  'totp.begin': 'Set up an authenticator app',
  'totp.enrol.hint': 'Scan this code with the app, or type the key below into it; then enter the code the app shows.',
  'totp.enrol.key': 'Key:',
  'totp.code': 'Code from the app',
  'totp.confirm': 'Turn on',
  'totp.codes.hint':
    'Your recovery codes. Each works once, instead of a code from the app, if you lose your phone. Keep them ' +
    'somewhere safe: they are shown only now.',
  'totp.renew': 'New recovery codes',
  'totp.password': 'Your password',
  'totp.disable': 'Turn off',
  'totp.enabled': 'The authenticator app is on. From now on, logging in asks for its code.',
  'totp.disabled': 'The authenticator app is off.',
  'totp.renewed': 'New recovery codes: the old ones no longer work.',
  'totp.wrongCode': 'That code is not right. Enter the code the app shows now.',
  'totp.wrongPassword': 'That password is not right.',
  'problem.second-factor-failed': 'That code is not right. Enter the code the app shows now.',
  'problem.login-challenge-invalid': 'That took too long, or too many codes were wrong. Log in again with your password.',
  'problem.password-too-short-alone':
    'Your password is shorter than the 15 characters it needs on its own. Change it before turning the app off.',

  'sessions.title': 'Where you are logged in',
  'sessions.hint':
    'Every live login of your account. A self-contained token (JWT) is checked by the gateway alone: after ' +
    '"Log out" it may still work for up to a minute. A server-side session ends at once.',
  'sessions.this': '(this browser)',
  'sessions.since': 'since',
  'sessions.lastUsed': 'last used',
  'sessions.end': 'Log out',
  'sessions.endAll': 'Log out everywhere',
  'sessions.scheme.jwt': 'self-contained token (JWT)',
  'sessions.scheme.opaque': 'server-side session',
  'sessions.ended': 'That login is over.',
  'sessions.endedAll': 'You are logged out everywhere.',
  'sessions.unknownAddress': 'unknown address',
  'logout.done': 'You are logged out.',

  'error.sessionExpired': 'Your session has expired. Please log in again.',
  'error.stepUp':
    'This needs a login with a second factor, or a more recent one: log out, then log in again (with your ' +
    'authenticator app).',
  'error.loginUnavailable':
    'Logging in is unavailable right now. You can keep reading; please try again in a few minutes.',
  'error.unavailable': 'The forum cannot be reached right now. Please try again in a moment.',
  'error.wrongPassword': 'Wrong username or password.',
  'error.forbidden': 'You are not allowed to do that.',
  'error.gone': 'That no longer exists.',
  'error.nameTaken': 'That name is taken. Please choose another.',
  'error.conflict': 'Someone changed this in the meantime. Reload and try again.',
  'error.tooManyWait': 'Too many attempts. Please wait {duration} and try again.',
  'error.tooMany': 'Too many attempts. Please wait a little and try again.',
  'error.unknown': 'Something went wrong.',
  'duration.seconds.one': '{count} second',
  'duration.seconds.other': '{count} seconds',
  'duration.minutes.one': '{count} minute',
  'duration.minutes.other': '{count} minutes',

  // Problem types (urn:tessera:problem:<slug>) whose own sentence the page shows.
  'problem.invalid-link': 'This link is not valid or was already used. Ask for a new one.',
  'problem.expired-link': 'This link has expired. Ask for a new one.',
  'problem.email-taken': 'This e-mail address is already verified for another account.',
  'problem.no-reset-address': 'The account is disabled or has no verified e-mail address to send a link to.',
  'problem.too-many-mails': 'Too many messages were asked for this address. Try again later.',
  'problem.password-policy':
    'That password cannot be used: it needs at least 15 characters (8 if your account has an authenticator app) ' +
    'and must not be common, easy to guess or your username.',
};

const zh = {
  'brand': 'Tessera 论坛',
  'title.page': 'Tessera 论坛',
  'title.suffix': '{title} · Tessera 论坛',
  'nav.account': '账户',
  'nav.login': '登录',
  'nav.signup': '注册',
  'nav.logout': '退出登录',
  'nav.unread': '未读通知',
  'nav.language': '语言',
  'loading': '加载中…',
  'session.opaque': '服务端会话',
  'session.jwt': 'JWT',
  'session.opaque.title': '不透明的会话令牌：网关在每个请求上都向 auth-service 查询它。',
  'session.jwt.title': '自包含的令牌：网关自己验证它的签名。',

  'notifications.title': '通知',
  'notifications.readAll': '全部标为已读',
  'notifications.empty': '还没有通知。有人回复你的主题时，会显示在这里。',
  'notifications.replied': '{actor} 回复了“{thread}”',
  'notifications.loginFirst': '登录后才能查看通知。',

  'threads.title': '主题',
  'threads.new': '发起新主题',
  'threads.hint.before': '任何人都可以阅读。',
  'threads.hint.login': '登录',
  'threads.hint.or': '或',
  'threads.hint.signup': '注册',
  'threads.hint.after': '后即可发起主题或回复。',
  'threads.form.title': '标题',
  'threads.form.body': '第一个帖子',
  'threads.form.create': '发布主题',
  'threads.none': '还没有主题。',
  'threads.older': '更早的主题',
  'threads.lastActivity': '最后活动',
  'threads.posts.one': '{count} 个帖子',
  'threads.posts.other': '{count} 个帖子',
  'common.cancel': '取消',
  'common.save': '保存',

  'thread.all': '← 所有主题',
  'thread.startedBy': '由 {name} 发起 · {when}',
  'thread.morePosts': '更多帖子',
  'thread.reply': '回复',
  'thread.postReply': '发表回复',
  'thread.replyHint.login': '登录',
  'thread.replyHint.after': '后即可回复。',
  'post.edited': '（已编辑）',
  'post.edit': '编辑',
  'post.delete': '删除',
  'post.confirmDelete': '删除这个帖子？',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.keep': '保持登录的方式',
  'login.jwt': '自包含的令牌（JWT，由网关验证）',
  'login.opaque': '服务端会话（每个请求都由 auth-service 检查）',
  'login.submit': '登录',
  'login.forgot': '忘记密码？',
  'login.noAccount': '还没有账户？',
  'login.signup': '注册',

  'signup.title': '注册',
  'signup.username': '用户名',
  'signup.displayName': '显示名称',
  'signup.password': '密码',
  'signup.hint': '至少 15 个字符：用几个互不相关的词组成一句话就很好。容易猜到的密码（常见密码、姓名、键盘序列、你的用户名）会被拒绝。',
  'signup.submit': '创建账户',
  'signup.welcome': '欢迎！你的账户已经准备好了。',

  'account.title': '账户',
  'account.email.current': '你的电子邮件地址：',
  'account.email.none': '尚未设置',
  'account.email.verified': '（已验证）',
  'account.email.unverified': '（尚未验证）',
  'account.email.label': '电子邮件地址',
  'account.email.hint': '我们会向这个地址发送一个链接，打开它即可验证地址。只有已验证的地址才能在你忘记密码时用来找回账户。',
  'account.email.submit': '发送验证链接',
  'account.email.already': '这已经是你已验证的地址。',
  'account.email.sent': '请查收邮件：打开我们发送的链接来验证这个地址。',
  'account.loginFirst': '登录后才能查看你的账户。',

  'forgot.title': '忘记密码？',
  'forgot.email': '电子邮件地址',
  'forgot.hint': '输入你账户的已验证电子邮件地址。我们会发送一个设置新密码的链接；它只能使用一次，30 分钟内有效。',
  'forgot.submit': '发送重置链接',
  'forgot.remembered': '想起来了？',
  'forgot.login': '登录',
  'forgot.sent': '如果这个地址属于某个账户，链接已经在路上了。',
  'forgot.pageTitle': '忘记密码',

  'reset.title': '设置新密码',
  'reset.password': '新密码',
  'reset.hint': '至少 15 个字符（账户已开启身份验证器应用时为 8 个）：用几个互不相关的词组成一句话就很好。容易猜到的密码会被拒绝。修改密码后，你会在所有设备上退出登录。',
  'reset.submit': '设置新密码',
  'reset.notWorking': '链接无法使用？',
  'reset.askAgain': '重新申请一个',
  'reset.done': '密码已修改。请用新密码登录。',
  'reset.pageTitle': '新密码',

  'verify.title': '验证你的电子邮件地址',
  'verify.pending': '正在验证…',
  'verify.forum': '前往论坛',
  'verify.done': '地址已验证。现在可以用它来找回你的账户。',
  'verify.doneShort': '地址已验证。',
  'verify.failed': '地址没有通过验证。',
  'verify.pageTitle': '验证电子邮件',

  'login.second.hint': '你的账户开启了第二重验证。请输入身份验证器应用当前显示的 6 位验证码。',
  'login.second.code': '验证码',
  'login.second.recovery': '恢复码',
  'login.second.recoveryHint': '输入你开启身份验证器应用时保存的一个恢复码。每个恢复码只能使用一次。',
  'login.second.submit': '验证',
  'login.second.useRecovery': '改用恢复码',
  'totp.title': '身份验证器应用',
  'totp.status': '状态：',
  'totp.state.none': '未开启',
  'totp.state.pending': '正在设置',
  'totp.state.enabled': '已开启 · 还剩 {count} 个恢复码',
  'totp.off.hint': '添加第二重验证：输入密码后，登录还需要手机上身份验证器应用给出的验证码（RFC 6238，例如 FreeOTP 或 Google 身份验证器）。',
  'totp.begin': '设置身份验证器应用',
  'totp.enrol.hint': '用应用扫描这个二维码，或者把下面的密钥输入应用；然后输入应用显示的验证码。',
  'totp.enrol.key': '密钥：',
  'totp.code': '应用中的验证码',
  'totp.confirm': '开启',
  'totp.codes.hint': '这是你的恢复码。手机丢失时，每个恢复码可以代替一次应用中的验证码。请妥善保存：它们只显示这一次。',
  'totp.renew': '生成新的恢复码',
  'totp.password': '你的密码',
  'totp.disable': '关闭',
  'totp.enabled': '身份验证器应用已开启。从现在起，登录时需要输入它的验证码。',
  'totp.disabled': '身份验证器应用已关闭。',
  'totp.renewed': '已生成新的恢复码：旧的恢复码不再有效。',
  'totp.wrongCode': '验证码不正确。请输入应用当前显示的验证码。',
  'totp.wrongPassword': '密码不正确。',
  'problem.second-factor-failed': '验证码不正确。请输入应用当前显示的验证码。',
  'problem.login-challenge-invalid': '等待时间太长，或者错误的验证码太多。请重新输入密码登录。',
  'problem.password-too-short-alone': '你的密码短于单独使用时所需的 15 个字符。请先修改密码，再关闭身份验证器应用。',

  'sessions.title': '你在哪些地方登录了',
  'sessions.hint': '你的账户当前所有有效的登录。自包含的令牌（JWT）只由网关检查：“退出登录”后，它最多还能使用一分钟。服务端会话会立即结束。',
  'sessions.this': '（当前浏览器）',
  'sessions.since': '登录于',
  'sessions.lastUsed': '最后使用',
  'sessions.end': '退出登录',
  'sessions.endAll': '在所有地方退出登录',
  'sessions.scheme.jwt': '自包含的令牌（JWT）',
  'sessions.scheme.opaque': '服务端会话',
  'sessions.ended': '这次登录已结束。',
  'sessions.endedAll': '你已在所有地方退出登录。',
  'sessions.unknownAddress': '未知地址',
  'logout.done': '你已退出登录。',

  'error.sessionExpired': '你的会话已过期，请重新登录。',
  'error.stepUp': '这里需要使用第二重验证登录，或者更近的一次登录：请退出后重新登录（使用你的身份验证器应用）。',
  'error.loginUnavailable': '目前无法登录。你可以继续阅读，请过几分钟再试。',
  'error.unavailable': '目前无法连接论坛，请稍后再试。',
  'error.wrongPassword': '用户名或密码错误。',
  'error.forbidden': '你没有权限这样做。',
  'error.gone': '它已经不存在了。',
  'error.nameTaken': '这个名字已被占用，请换一个。',
  'error.conflict': '有人在此期间修改了它。请刷新后再试。',
  'error.tooManyWait': '尝试次数过多。请等待 {duration}后再试。',
  'error.tooMany': '尝试次数过多。请稍等片刻再试。',
  'error.unknown': '出错了。',
  'duration.seconds.one': '{count} 秒',
  'duration.seconds.other': '{count} 秒',
  'duration.minutes.one': '{count} 分钟',
  'duration.minutes.other': '{count} 分钟',

  'problem.invalid-link': '这个链接无效或已被使用。请重新申请一个。',
  'problem.expired-link': '这个链接已过期。请重新申请一个。',
  'problem.email-taken': '这个电子邮件地址已被另一个账户验证。',
  'problem.no-reset-address': '该账户已被停用，或者没有可以接收链接的已验证电子邮件地址。',
  'problem.too-many-mails': '为这个地址申请的邮件太多了，请稍后再试。',
  'problem.password-policy': '不能使用这个密码：它至少需要 15 个字符（账户已开启身份验证器应用时为 8 个），并且不能是常见的、容易猜到的密码或你的用户名。',
};

const DICTIONARIES = { en, 'zh-CN': zh };

/** The language to start with: the one chosen before, else the browser's first that the page speaks. */
function initial() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch (ignored) {
    // storage disabled: follow the browser
  }
  if (stored && DICTIONARIES[stored]) return stored;
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

let current = initial();

export function language() {
  return current;
}

/** Switches the language and remembers the choice in this browser. */
export function setLanguage(tag) {
  if (!DICTIONARIES[tag]) return;
  current = tag;
  try {
    localStorage.setItem(STORAGE_KEY, tag);
  } catch (ignored) {
    // not remembered, still switched
  }
  document.documentElement.lang = tag;
}

/** The text for a key in the current language (English when a key is missing), {name}s filled from params. */
export function t(key, params = {}) {
  const text = DICTIONARIES[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** As t, choosing the key's .one or .other form for count (Intl's plural rules of the current language). */
export function plural(key, count, params = {}) {
  const form = new Intl.PluralRules(current).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { count, ...params });
}

/** The page's text for a problem answer's type, or null when the page has none of its own for it. */
export function problemText(problem) {
  const type = problem && typeof problem.type === 'string' ? problem.type : '';
  if (!type.startsWith(PROBLEM_PREFIX)) return null;
  const key = `problem.${type.slice(PROBLEM_PREFIX.length)}`;
  return key in en ? t(key) : null;
}

/** A date and time in the current language. */
export function when(instant) {
  return instant ? new Date(instant).toLocaleString(current) : '';
}

/**
 * Sets the texts of a piece of the page: [data-i18n] elements get their text, [data-i18n-title] their title,
 * [data-i18n-label] their aria-label. Text only (textContent), never markup.
 */
export function localize(root) {
  const all = (selector) => [
    ...(root.matches && root.matches(selector) ? [root] : []),
    ...root.querySelectorAll(selector),
  ];
  all('[data-i18n]').forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
  all('[data-i18n-title]').forEach((element) => {
    element.title = t(element.dataset.i18nTitle);
  });
  all('[data-i18n-label]').forEach((element) => {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  });
  return root;
}

document.documentElement.lang = current;
