/**
 * Environment variables no secret may set: the ones that change which code
 * runs (loaders, shells, interpreters, package managers, editors and pagers),
 * where it comes from (PATH, HOME, config directories) or who is trusted
 * (TLS roots, proxies). A secret sets credentials; a credential never needs
 * one of these, and a secret shared by another account that set one would
 * run that account's code as you.
 *
 * Sources: glibc's list of variables removed for setuid programs
 * (sysdeps/generic/unsecvars.h: LD_*, GCONV_PATH, GETCONF_DIR, HOSTALIASES,
 * LOCALDOMAIN, LOCPATH, MALLOC_*, NIS_PATH, NLSPATH, RESOLV_HOST_CONF,
 * RES_OPTIONS, TMPDIR, TZDIR, GLIBC_TUNABLES), the variables bash, zsh and sh
 * read at start-up or before each prompt, the start-up hooks of Node, Python,
 * Perl, Ruby, the JVM, R, Lua and PHP, the dynamic loaders of Linux and macOS
 * (LD_*, DYLD_*), Git's command and config hooks, OpenSSL/curl/requests/Node
 * trust stores, the proxy variables (any letter case, as curl and Python read
 * both), and the configuration prefixes of pip, npm, uv, conda and yarn.
 *
 * Matching ignores letter case (`path`, `Ld_Preload`) because some programs
 * read the lower-case forms (`http_proxy`) and Windows treats names so.
 * This file is the only home of the list; everything that turns a secret into
 * variables imports {@link isRefusedEnv}.
 * @module
 */

/** Refused names, compared in upper case. */
export const REFUSED_ENV_NAMES: ReadonlySet<string> = new Set([
  // where programs and their files are found; who the user is
  'PATH', 'HOME', 'SHELL', 'USER', 'LOGNAME', 'TMPDIR', 'TMP', 'TEMP', 'CDPATH', 'MAIL',
  // shells: files sourced at start-up, hooks run before prompts, parsing
  'ENV', 'BASH_ENV', 'PROMPT_COMMAND', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'IFS', 'SHELLOPTS', 'BASHOPTS',
  'GLOBIGNORE', 'HISTFILE', 'ZDOTDIR', 'FPATH', 'INPUTRC', 'TERMINFO', 'TERMINFO_DIRS',
  // glibc's unsafe list (besides LD_* and MALLOC_*)
  'GCONV_PATH', 'GETCONF_DIR', 'HOSTALIASES', 'LOCALDOMAIN', 'LOCPATH', 'NIS_PATH', 'NLSPATH', 'RESOLV_HOST_CONF',
  'RES_OPTIONS', 'TZDIR', 'GLIBC_TUNABLES',
  // interpreters and runtimes
  'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONUSERBASE', 'PYTHONINSPECT',
  'PYTHONBREAKPOINT', 'PYTHONEXECUTABLE', 'PYTHONHTTPSVERIFY', 'PERL5LIB', 'PERL5OPT', 'PERLLIB', 'PERL5DB',
  'RUBYOPT', 'RUBYLIB', 'GEM_HOME', 'GEM_PATH', 'BUNDLE_GEMFILE', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS', 'CLASSPATH', 'JAVA_HOME', 'LUA_INIT', 'LUA_PATH', 'LUA_CPATH', 'PHPRC', 'PHP_INI_SCAN_DIR',
  'R_PROFILE', 'R_PROFILE_USER', 'R_ENVIRON', 'R_ENVIRON_USER', 'R_LIBS', 'R_LIBS_USER', 'JULIA_LOAD_PATH',
  'JULIA_DEPOT_PATH', 'GOFLAGS', 'GOPROXY', 'GOROOT', 'GOPATH', 'RUSTC_WRAPPER', 'RUSTFLAGS', 'CARGO_HOME',
  'CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'MAKEFLAGS', 'PKG_CONFIG_PATH',
  // git and ssh hooks
  'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH', 'GIT_ASKPASS', 'GIT_PROXY_COMMAND', 'GIT_EDITOR', 'GIT_PAGER',
  'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF', 'GIT_TEMPLATE_DIR', 'GIT_DIR', 'GIT_WORK_TREE',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_SSL_NO_VERIFY', 'GIT_SSL_CAINFO', 'SSH_ASKPASS', 'SSH_AUTH_SOCK', 'SUDO_ASKPASS',
  // TLS trust and key logging
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS',
  'NODE_TLS_REJECT_UNAUTHORIZED', 'AWS_CA_BUNDLE', 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', 'OPENSSL_CONF', 'SSLKEYLOGFILE',
  // proxies
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'FTP_PROXY', 'GRPC_PROXY',
  // editors, pagers, browsers
  'EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'LESSOPEN', 'LESSCLOSE', 'BROWSER',
]);

/** Refused prefixes, compared in upper case. */
export const REFUSED_ENV_PREFIXES: readonly string[] = [
  'LD_', 'DYLD_', 'BASH_FUNC_', 'MALLOC_', 'GIT_CONFIG', 'PIP_', 'NPM_CONFIG_', 'UV_', 'CONDA_', 'YARN_', 'XDG_', 'LATCHKEY_',
];

/** True when no secret may set `name` (any letter case). */
export function isRefusedEnv(name: string): boolean {
  const upper = name.toUpperCase();
  return REFUSED_ENV_NAMES.has(upper) || REFUSED_ENV_PREFIXES.some((p) => upper.startsWith(p));
}

/** Why a variable was refused, for warnings (names only, never values). */
export function refusedReason(address: string, name: string): string {
  return `${address} sets ${name}, a variable that changes which code runs; not set`;
}
