@echo off
rem Haven command line for IT staff: haven check / backup / restore / raw-key / recover-wal ...
rem Runs the installed app's own runtime (no Node needed).
rem
rem The output is never written to a file: it can be the master key (raw-key), the recovery key
rem (init) or people's names (alerts). Haven.exe is a windowed program, but Electron attaches it
rem to the console it was started from and writes there (unless ELECTRON_NO_ATTACH_CONSOLE is
rem set, so it is cleared below), and a batch file waits for a windowed program to end, so
rem ERRORLEVEL is its exit code. Output the caller redirects to a file or a pipe goes where the
rem caller sends it, and standard input (--password-stdin) is passed through untouched.
setlocal
set "ELECTRON_NO_ATTACH_CONSOLE="
"%~dp0Haven.exe" --cli %*
exit /b %ERRORLEVEL%
