/**
 * Words used on more than one side: errors and validation (core → renderer, CLI), and the CLI's
 * own lines. Screen words live in renderer/i18n. `en.ts` must have the same keys (typed).
 */
export const zhCN = {
  errors: {
    VALIDATION: '填写的内容有误，请检查标出的项目。',
    NOT_INITIALIZED: '本机尚未初始化。',
    ALREADY_INITIALIZED: '本机已经初始化，不能再次初始化。',
    LOCKED: '已锁定，请重新登录。',
    FORBIDDEN: '您没有执行此操作的权限。',
    INVALID_CREDENTIALS: '用户名或密码不正确。',
    INVALID_CREDENTIALS_THROTTLED: '用户名或密码不正确。尝试次数过多，请 {{seconds}} 秒后再试。',
    THROTTLED: '尝试次数过多，请 {{seconds}} 秒后再试。',
    USER_DISABLED: '此账户已停用，请联系管理员。',
    NOT_FOUND: '没有找到相应的记录。',
    CONFLICT: '操作与现有数据冲突，未能完成。',
    UNKNOWN_CHANNEL: '程序内部错误：未知的调用。',
    DATABASE_TOO_NEW: '数据文件来自更新版本的港湾（数据版本 {{found}}，本程序支持到 {{supported}}），请先升级本程序。',
    INTERNAL: '发生内部错误，操作未完成。请重试；如仍失败，请联系技术支持。',
    KEY_FILE_MISSING: '找不到密钥文件（haven.db.keys），无法打开数据。请从备份中恢复密钥文件。',
    KEY_FILE_CORRUPT: '密钥文件已损坏，无法读取。请从备份中恢复密钥文件。',
    KEY_FILE_MISMATCH: '密钥文件与数据文件不匹配，请检查两者是否来自同一备份。',
    DATABASE_KEY_MISMATCH: '密钥无法打开数据文件。',
    RECOVERY_KEY_WRONG: '恢复密钥不正确。',
    ALREADY_LOGGED_IN: '已有用户登录，请先退出登录。',
    CURRENT_PASSWORD_WRONG: '当前密码不正确。',
    RECOVER_USER_NOT_FOUND: '没有这个用户，或该用户已停用。',
    USERNAME_TAKEN: '这个用户名已被使用。',
    LAST_ADMIN: '至少需要保留一名正常使用的管理员。',
    USER_NOT_FOUND: '没有找到该用户。',
    USER_IS_DISABLED: '该账户已停用，请先启用。',
    CANNOT_DISABLE_SELF: '不能停用自己的账户。',
  },
  validation: {
    invalid: '格式不正确。',
    required: '此项为必填。',
    tooLong: '内容过长。',
    usernameLength: '用户名需为 2–32 个字符。',
    usernameChars: '用户名只能包含英文字母、数字和 . _ -',
    passwordTooShort: '密码至少需要 {{min}} 个字符。',
    stationCode: '站点代码需为 2–32 位英文字母、数字或连字符。',
    role: '请选择角色。',
    idleLockMinutes: '请输入 1–60 之间的整数。',
    passwordMismatch: '两次输入的密码不一致。',
    recoveryKeyFormat: '恢复密钥应为 8 组、每组 6 位数字。',
    recoveryKeyGroup: '恢复密钥第 {{group}} 组有误，请核对。',
    lastGroupMismatch: '与恢复密钥的最后一组不一致。',
  },
  cli: {
    badArguments: '参数有误',
    unknownCommand: '未知的命令：{{name}}',
    init: {
      done: '已建立加密数据库：{{db}}',
      recoveryKey: '恢复密钥（只显示这一次）：',
      keepIt: '请立即抄写或打印，并锁在文件柜中。所有密码都遗失时，只有它能打开数据；任何拿到它的人都能读取数据。',
    },
    check: {
      integrity: '数据库完整性',
      audit: '审计日志（{{events}} 条）',
      brokenAt: '哈希链在第 {{id}} 条处断开',
      failed: '检查未通过。',
    },
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** The shape every language must fill, key for key. */
export type SharedMessages = Shape<typeof zhCN>;
