@echo off
rem Starts the smileid Pulumi provider plugin (dist\native\main.js of this package) on Node.js,
rem as bin\pulumi-resource-smileid does elsewhere: PULUMI_SMILEID_NODE when set, else the
rem node.exe that the `node` npm package installed beside this package, else node from PATH.
rem On Windows the engine runs this file as pulumi-resource-smileid from this folder (the
rem plugins.providers path in Pulumi.yaml), since it looks for .exe and .cmd files there.
setlocal
set "package=%~dp0.."
set "node=%PULUMI_SMILEID_NODE%"
if not defined node if exist "%package%\..\node\bin\node.exe" set "node=%package%\..\node\bin\node.exe"
if not defined node set "node=node"
"%node%" "%package%\dist\native\main.js" %*
exit /b %ERRORLEVEL%
