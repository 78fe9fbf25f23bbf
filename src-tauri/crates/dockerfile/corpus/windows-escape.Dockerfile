# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
COPY . C:\app\
RUN New-Item -ItemType Directory -Path C:\data ; `
    Write-Host 'made the data folder'
RUN Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile C:\tool.zip ; `
    Expand-Archive C:\tool.zip -DestinationPath C:\tool ; `
    Remove-Item C:\tool.zip
ENV TOOL_HOME=C:\tool
ENTRYPOINT ["C:\\tool\\tool.exe"]
