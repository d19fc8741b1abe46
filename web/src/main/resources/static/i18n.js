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
  // The admin console (admin.js).
  'nav.admin': 'Admin',
  'admin.title': 'Administration',
  'admin.tab.users': 'Users',
  'admin.tab.roles': 'Roles',
  'admin.tab.clients': 'Machine clients',
  'admin.tab.audit': 'Audit log',
  'admin.tab.keys': 'Signing keys',
  'admin.loginFirst': 'Log in as an administrator to open the console.',
  'admin.notAdmin': 'Only administrators can open the console.',
  'admin.none': 'none',
  'admin.previous': 'Previous',
  'admin.next': 'Next',
  'admin.pageOf': 'page {page} of {pages}',
  'admin.stepUp.title': 'The console needs a login with a second factor',
  'admin.stepUp.noApp':
    'You logged in with your password only, and administration needs a second factor too. Set up an ' +
    'authenticator app on your Account page, then log out and log in again with your password and the code the ' +
    'app shows.',
  'admin.stepUp.hasApp':
    'This login was made with your password only (or long ago). Log out, then log in again with your password ' +
    'and the code your authenticator app shows.',
  'admin.stepUp.account': 'Set up an authenticator app on Account',
  'admin.stepUp.logout': 'Log out, then log in with the code',
  'admin.stepUp.loginAgain': 'Log in with your password, then enter the code your authenticator app shows.',
  'admin.users.search': 'Username contains',
  'admin.users.find': 'Search',
  'admin.users.count.one': '{count} account',
  'admin.users.count.other': '{count} accounts',
  'admin.users.disabled': 'disabled',
  'admin.users.since': 'since',
  'admin.users.roles': 'Roles:',
  'admin.users.editRoles': 'Edit roles',
  'admin.users.rolesLegend': 'Roles of this account (USER is always kept)',
  'admin.users.disable': 'Disable',
  'admin.users.enable': 'Enable',
  'admin.users.reset': 'Send password-reset link',
  'admin.users.logout': 'Sign out everywhere',
  'admin.users.audit': 'Audit log',
  'admin.users.rolesSaved': 'The roles of {name} are now {roles}. Tokens issued before stop carrying the old ones.',
  'admin.users.confirmDisable': 'Disable {name}? Every session of the account ends and it cannot log in.',
  'admin.users.disabledNow': '{name} is disabled and logged out everywhere.',
  'admin.users.enabledNow': '{name} can log in again.',
  'admin.users.resetSent': 'A password-reset link is on its way to the verified address of {name}.',
  'admin.users.confirmLogout': 'Sign {name} out on every device?',
  'admin.users.loggedOut': '{name} is logged out everywhere.',
  'admin.roles.new': 'New role',
  'admin.roles.name': 'Name',
  'admin.roles.nameHint': 'Capital letters, digits and _, starting with a letter (e.g. EDITOR).',
  'admin.roles.description': 'Description',
  'admin.roles.permissions': 'Permissions',
  'admin.roles.permissionsHint':
    'Separated by spaces or commas, e.g. forum:post forum:moderate. The gateways apply a change within their ' +
    'poll interval.',
  'admin.roles.permissionsLabel': 'Permissions:',
  'admin.roles.create': 'Create role',
  'admin.roles.builtIn': 'built-in',
  'admin.roles.accounts.one': '{count} account',
  'admin.roles.accounts.other': '{count} accounts',
  'admin.roles.edit': 'Edit',
  'admin.roles.delete': 'Delete',
  'admin.roles.created': 'Role {name} created.',
  'admin.roles.saved': 'Role {name} saved.',
  'admin.roles.deleted': 'Role {name} deleted.',
  'admin.roles.confirmDelete': 'Delete the role {name}?',
  'admin.clients.secretTitle': 'The client\'s secret',
  'admin.clients.secretFor': 'Client:',
  'admin.clients.secretHint':
    'Copy it now into the client\'s configuration: it is shown only this once and cannot be read again (a new one ' +
    'can be made).',
  'admin.clients.none': 'No machine clients yet.',
  'admin.clients.new': 'Register a machine client',
  'admin.clients.id': 'Client id',
  'admin.clients.audiences': 'Audiences (services it may call)',
  'admin.clients.scopes': 'Scopes',
  'admin.clients.hint': 'Separated by spaces or commas, e.g. audiences forum-service, scopes forum:read.',
  'admin.clients.register': 'Register',
  'admin.clients.disabled': 'disabled',
  'admin.clients.since': 'since',
  'admin.clients.audiencesLabel': 'Audiences:',
  'admin.clients.scopesLabel': 'Scopes:',
  'admin.clients.rotated': 'Secret renewed',
  'admin.clients.newSecret': 'New secret',
  'admin.clients.disable': 'Disable',
  'admin.clients.enable': 'Enable',
  'admin.clients.registered': 'Client {id} registered.',
  'admin.clients.confirmSecret': 'Make a new secret for {id}? The old one stops working at once.',
  'admin.clients.disabledNow': 'Client {id} is disabled.',
  'admin.clients.enabledNow': 'Client {id} is enabled.',
  'admin.audit.type': 'Event',
  'admin.audit.anyType': 'any event',
  'admin.audit.account': 'Account (username or id)',
  'admin.audit.filter': 'Show',
  'admin.audit.clear': 'All events',
  'admin.audit.when': 'When',
  'admin.audit.accountColumn': 'Account',
  'admin.audit.actor': 'By',
  'admin.audit.address': 'Address',
  'admin.audit.detail': 'Detail',
  'admin.audit.count.one': '{count} event',
  'admin.audit.count.other': '{count} events',
  'admin.audit.noSuchAccount': 'There is no account named {name}.',
  'admin.keys.hint':
    'Tokens are signed with the active key; the gateways verify with every published key. Keys rotate on their ' +
    'own; rotate now only when a key may be known to someone else.',
  'admin.keys.kid': 'Key id',
  'admin.keys.algorithm': 'Algorithm',
  'admin.keys.status': 'Status',
  'admin.keys.created': 'Created',
  'admin.keys.activates': 'Signs from',
  'admin.keys.status.active': 'active (signs)',
  'admin.keys.status.next': 'next (published, signs soon)',
  'admin.keys.status.retired': 'retired (verifies until its tokens expire)',
  'admin.keys.discard':
    'Discard the previous keys at once (suspected compromise: every token they signed stops working, users must ' +
    'log in again)',
  'admin.keys.rotate': 'Rotate now',
  'admin.keys.confirmRotate': 'Make a new signing key now? Tokens signed before keep working until they expire.',
  'admin.keys.confirmDiscard': 'Make a new signing key and discard every previous one? Everyone must log in again.',
  'admin.keys.rotated': 'Key {kid} signs from now on.',
  'audit.type.LOGIN_SUCCEEDED': 'Login',
  'audit.type.LOGIN_FAILED': 'Failed login',
  'audit.type.LOGIN_SECOND_FACTOR_REQUIRED': 'Password right, code asked',
  'audit.type.LOGIN_SECOND_FACTOR_FAILED': 'Wrong second-factor code',
  'audit.type.REFRESH_REUSE_DETECTED': 'Stolen refresh token suspected',
  'audit.type.SESSION_ENDED': 'Session ended by its owner',
  'audit.type.SESSIONS_ENDED': 'Logged out everywhere by the owner',
  'audit.type.ACCOUNT_DISABLED': 'Account disabled',
  'audit.type.ACCOUNT_ENABLED': 'Account enabled',
  'audit.type.ROLES_CHANGED': 'Roles of an account changed',
  'audit.type.ROLE_CREATED': 'Role created',
  'audit.type.ROLE_CHANGED': 'Role changed',
  'audit.type.ROLE_DELETED': 'Role deleted',
  'audit.type.EMAIL_CHANGED': 'E-mail address changed',
  'audit.type.EMAIL_VERIFIED': 'E-mail address verified',
  'audit.type.PASSWORD_RESET_REQUESTED': 'Password-reset link sent',
  'audit.type.PASSWORD_RESET': 'Password reset',
  'audit.type.TOTP_ENABLED': 'Authenticator app on',
  'audit.type.TOTP_DISABLED': 'Authenticator app off',
  'audit.type.RECOVERY_CODES_RENEWED': 'Recovery codes renewed',
  'audit.type.KEY_ROTATED': 'Signing key rotated by an administrator',
  'audit.type.KEY_PUBLISHED': 'Signing key published',
  'audit.type.KEY_RETIRED': 'Signing key removed',
  'audit.type.CLIENT_REGISTERED': 'Machine client registered',
  'audit.type.CLIENT_SECRET_ROTATED': 'Machine client secret renewed',
  'audit.type.CLIENT_DISABLED': 'Machine client disabled',
  'audit.type.CLIENT_ENABLED': 'Machine client enabled',
  'audit.type.CLIENT_CONFIGURED': 'Machine client configured at start-up',
  'audit.type.CLIENT_AUTHENTICATION_FAILED': 'Machine client authentication failed',
  'problem.role-not-found': 'There is no such role (any more).',
  'problem.role-exists': 'A role with this name exists already.',
  'problem.role-built-in': 'USER, MODERATOR and ADMIN are built in: they cannot be deleted, only their permissions changed.',
  'problem.role-in-use': 'Accounts still hold this role: take it from them on the Users tab first, then delete it.',
  'problem.role-limit': 'There are as many roles as this installation allows. Delete one you no longer need first.',
  'problem.unknown-role': 'One of these roles is not defined (any more). Reload and choose again.',
  'problem.last-administrator': 'That would leave no enabled administrator. Make someone else an administrator first.',
  'problem.account-not-found': 'There is no such account (any more).',
  'problem.client-not-found': 'There is no machine client with this id (any more).',
  'problem.client-id-taken': 'A machine client with this id exists already.',
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
  // 管理控制台（admin.js）。
  'nav.admin': '管理',
  'admin.title': '管理',
  'admin.tab.users': '用户',
  'admin.tab.roles': '角色',
  'admin.tab.clients': '机器客户端',
  'admin.tab.audit': '审计日志',
  'admin.tab.keys': '签名密钥',
  'admin.loginFirst': '请以管理员身份登录后再打开控制台。',
  'admin.notAdmin': '只有管理员才能打开控制台。',
  'admin.none': '无',
  'admin.previous': '上一页',
  'admin.next': '下一页',
  'admin.pageOf': '第 {page} 页，共 {pages} 页',
  'admin.stepUp.title': '控制台需要使用第二因素登录',
  'admin.stepUp.noApp': '你这次只用密码登录，而管理操作还需要第二因素。请先在“账户”页面设置身份验证器应用，然后退出登录，再用密码和应用显示的验证码重新登录。',
  'admin.stepUp.hasApp': '你这次登录只用了密码（或者登录时间太久了）。请退出登录，再用密码和身份验证器应用显示的验证码重新登录。',
  'admin.stepUp.account': '在“账户”页面设置身份验证器应用',
  'admin.stepUp.logout': '退出登录，再用验证码登录',
  'admin.stepUp.loginAgain': '请先输入密码，再输入身份验证器应用显示的验证码。',
  'admin.users.search': '用户名包含',
  'admin.users.find': '搜索',
  'admin.users.count.one': '{count} 个账户',
  'admin.users.count.other': '{count} 个账户',
  'admin.users.disabled': '已停用',
  'admin.users.since': '创建于',
  'admin.users.roles': '角色：',
  'admin.users.editRoles': '编辑角色',
  'admin.users.rolesLegend': '这个账户的角色（USER 始终保留）',
  'admin.users.disable': '停用',
  'admin.users.enable': '启用',
  'admin.users.reset': '发送重置密码链接',
  'admin.users.logout': '在所有设备上退出登录',
  'admin.users.audit': '审计日志',
  'admin.users.rolesSaved': '{name} 的角色现在是 {roles}。之前签发的令牌不再带有旧角色。',
  'admin.users.confirmDisable': '停用 {name}？这个账户的所有会话都会结束，并且无法再登录。',
  'admin.users.disabledNow': '{name} 已停用，并已在所有设备上退出登录。',
  'admin.users.enabledNow': '{name} 可以重新登录了。',
  'admin.users.resetSent': '重置密码链接正在发往 {name} 已验证的电子邮件地址。',
  'admin.users.confirmLogout': '让 {name} 在所有设备上退出登录？',
  'admin.users.loggedOut': '{name} 已在所有设备上退出登录。',
  'admin.roles.new': '新建角色',
  'admin.roles.name': '名称',
  'admin.roles.nameHint': '大写字母、数字和 _，以字母开头（例如 EDITOR）。',
  'admin.roles.description': '说明',
  'admin.roles.permissions': '权限',
  'admin.roles.permissionsHint': '用空格或逗号分隔，例如 forum:post forum:moderate。网关会在其轮询间隔内应用更改。',
  'admin.roles.permissionsLabel': '权限：',
  'admin.roles.create': '创建角色',
  'admin.roles.builtIn': '内置',
  'admin.roles.accounts.one': '{count} 个账户',
  'admin.roles.accounts.other': '{count} 个账户',
  'admin.roles.edit': '编辑',
  'admin.roles.delete': '删除',
  'admin.roles.created': '角色 {name} 已创建。',
  'admin.roles.saved': '角色 {name} 已保存。',
  'admin.roles.deleted': '角色 {name} 已删除。',
  'admin.roles.confirmDelete': '删除角色 {name}？',
  'admin.clients.secretTitle': '客户端密钥',
  'admin.clients.secretFor': '客户端：',
  'admin.clients.secretHint': '请现在就把它复制到客户端的配置中：它只显示这一次，之后无法再读取（可以重新生成一个）。',
  'admin.clients.none': '还没有机器客户端。',
  'admin.clients.new': '注册机器客户端',
  'admin.clients.id': '客户端 ID',
  'admin.clients.audiences': '受众（它可以调用的服务）',
  'admin.clients.scopes': '范围',
  'admin.clients.hint': '用空格或逗号分隔，例如受众 forum-service，范围 forum:read。',
  'admin.clients.register': '注册',
  'admin.clients.disabled': '已停用',
  'admin.clients.since': '创建于',
  'admin.clients.audiencesLabel': '受众：',
  'admin.clients.scopesLabel': '范围：',
  'admin.clients.rotated': '密钥更新于',
  'admin.clients.newSecret': '生成新密钥',
  'admin.clients.disable': '停用',
  'admin.clients.enable': '启用',
  'admin.clients.registered': '客户端 {id} 已注册。',
  'admin.clients.confirmSecret': '为 {id} 生成新密钥？旧密钥会立即失效。',
  'admin.clients.disabledNow': '客户端 {id} 已停用。',
  'admin.clients.enabledNow': '客户端 {id} 已启用。',
  'admin.audit.type': '事件',
  'admin.audit.anyType': '所有事件',
  'admin.audit.account': '账户（用户名或 ID）',
  'admin.audit.filter': '显示',
  'admin.audit.clear': '全部事件',
  'admin.audit.when': '时间',
  'admin.audit.accountColumn': '账户',
  'admin.audit.actor': '操作者',
  'admin.audit.address': '地址',
  'admin.audit.detail': '详情',
  'admin.audit.count.one': '{count} 个事件',
  'admin.audit.count.other': '{count} 个事件',
  'admin.audit.noSuchAccount': '没有名为 {name} 的账户。',
  'admin.keys.hint': '令牌用当前有效的密钥签名；网关用所有已发布的密钥验证。密钥会自动轮换；只有在密钥可能已被他人知道时才需要立即轮换。',
  'admin.keys.kid': '密钥 ID',
  'admin.keys.algorithm': '算法',
  'admin.keys.status': '状态',
  'admin.keys.created': '创建时间',
  'admin.keys.activates': '开始签名',
  'admin.keys.status.active': '有效（正在签名）',
  'admin.keys.status.next': '下一个（已发布，即将签名）',
  'admin.keys.status.retired': '已停用（在其令牌过期前仍用于验证）',
  'admin.keys.discard': '立即丢弃之前的密钥（怀疑泄露：它们签发的所有令牌都会失效，用户必须重新登录）',
  'admin.keys.rotate': '立即轮换',
  'admin.keys.confirmRotate': '现在生成新的签名密钥？之前签发的令牌在过期前仍然有效。',
  'admin.keys.confirmDiscard': '生成新的签名密钥并丢弃之前的所有密钥？所有人都必须重新登录。',
  'admin.keys.rotated': '从现在起由密钥 {kid} 签名。',
  'audit.type.LOGIN_SUCCEEDED': '登录',
  'audit.type.LOGIN_FAILED': '登录失败',
  'audit.type.LOGIN_SECOND_FACTOR_REQUIRED': '密码正确，要求验证码',
  'audit.type.LOGIN_SECOND_FACTOR_FAILED': '第二因素验证码错误',
  'audit.type.REFRESH_REUSE_DETECTED': '疑似刷新令牌被盗',
  'audit.type.SESSION_ENDED': '会话被其所有者结束',
  'audit.type.SESSIONS_ENDED': '所有者在所有设备上退出登录',
  'audit.type.ACCOUNT_DISABLED': '账户已停用',
  'audit.type.ACCOUNT_ENABLED': '账户已启用',
  'audit.type.ROLES_CHANGED': '账户的角色已更改',
  'audit.type.ROLE_CREATED': '角色已创建',
  'audit.type.ROLE_CHANGED': '角色已更改',
  'audit.type.ROLE_DELETED': '角色已删除',
  'audit.type.EMAIL_CHANGED': '电子邮件地址已更改',
  'audit.type.EMAIL_VERIFIED': '电子邮件地址已验证',
  'audit.type.PASSWORD_RESET_REQUESTED': '已发送重置密码链接',
  'audit.type.PASSWORD_RESET': '密码已重置',
  'audit.type.TOTP_ENABLED': '身份验证器应用已开启',
  'audit.type.TOTP_DISABLED': '身份验证器应用已关闭',
  'audit.type.RECOVERY_CODES_RENEWED': '恢复码已更新',
  'audit.type.KEY_ROTATED': '管理员轮换了签名密钥',
  'audit.type.KEY_PUBLISHED': '签名密钥已发布',
  'audit.type.KEY_RETIRED': '签名密钥已移除',
  'audit.type.CLIENT_REGISTERED': '机器客户端已注册',
  'audit.type.CLIENT_SECRET_ROTATED': '机器客户端密钥已更新',
  'audit.type.CLIENT_DISABLED': '机器客户端已停用',
  'audit.type.CLIENT_ENABLED': '机器客户端已启用',
  'audit.type.CLIENT_CONFIGURED': '启动时配置了机器客户端',
  'audit.type.CLIENT_AUTHENTICATION_FAILED': '机器客户端认证失败',
  'problem.role-not-found': '这个角色不存在（或已被删除）。',
  'problem.role-exists': '已经有同名的角色了。',
  'problem.role-built-in': 'USER、MODERATOR 和 ADMIN 是内置角色：不能删除，只能更改它们的权限。',
  'problem.role-in-use': '还有账户拥有这个角色：请先在“用户”标签页中把它从这些账户上移除，然后再删除。',
  'problem.role-limit': '角色数量已达到本系统允许的上限。请先删除一个不再需要的角色。',
  'problem.unknown-role': '其中某个角色没有定义（或已被删除）。请刷新后重新选择。',
  'problem.last-administrator': '这样会导致没有任何已启用的管理员。请先让其他人成为管理员。',
  'problem.account-not-found': '这个账户不存在（或已被删除）。',
  'problem.client-not-found': '没有这个 ID 的机器客户端（或已被删除）。',
  'problem.client-id-taken': '已经有这个 ID 的机器客户端了。',
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
