@echo off
rem 港湾 Haven command line for IT staff: haven check / backup / restore / raw-key / recover-wal ...
rem Runs the installed app's own runtime (no Node needed). Output goes through a temporary file
rem because Haven.exe is a windowed program, whose output the console would not show.
setlocal
set "HAVEN_OUT=%TEMP%\haven-cli-%RANDOM%%RANDOM%.txt"
"%~dp0Haven.exe" --cli %* > "%HAVEN_OUT%" 2>&1
set "HAVEN_CODE=%ERRORLEVEL%"
type "%HAVEN_OUT%"
del "%HAVEN_OUT%" >nul 2>&1
exit /b %HAVEN_CODE%
