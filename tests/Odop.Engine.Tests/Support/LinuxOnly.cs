// The tests drive real Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
