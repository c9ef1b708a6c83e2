using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Odop.Protocol.Tests.PythonInterop;

/// <summary>
/// The Python with official gRPC (grpcio, grpc_tools) that the interop tests run: <c>$ODOP_PYTHON</c>, else
/// <c>/usr/bin/python3</c>. Missing modules fail the tests with instructions; they are never skipped.
/// </summary>
public static class Python
{
    public static string Interpreter { get; } =
        Environment.GetEnvironmentVariable("ODOP_PYTHON") is { Length: > 0 } configured ? configured : "/usr/bin/python3";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ScriptPath(string name) =>
        Path.Combine(RepositoryRoot, "tests", "Odop.Protocol.Tests", "interop", name);

    /// <summary>Fails unless the interpreter imports grpc and grpc_tools.</summary>
    public static async Task RequireGrpcAsync()
    {
        var failure = $"The interop tests need Python with grpcio and grpc_tools at '{Interpreter}' " +
            "(Debian: apt-get install python3-grpcio python3-grpc-tools), or ODOP_PYTHON pointing to such an interpreter.";
        if (!File.Exists(Interpreter))
        {
            Assert.Fail(failure + " The interpreter does not exist.");
        }

        var result = await RunAsync(["-c", "import grpc, grpc_tools"], pythonPath: null);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"{failure}\n{result.StandardError}");
        }
    }

    /// <summary>Generates the odop.v1 Python stubs from the repository's .proto files into <paramref name="outputDirectory"/>.</summary>
    public static async Task GenerateStubsAsync(string outputDirectory)
    {
        var protoRoot = Path.Combine(RepositoryRoot, "src", "Odop.Protocol", "Protos");
        var result = await ProtocAsync(protoRoot, outputDirectory);
        if (result.ExitCode != 0 && (result.StandardOutput + result.StandardError).Contains("optional", StringComparison.Ordinal))
        {
            // Debian's python3-grpc-tools (1.14, libprotoc 3.5) predates proto3 'optional'. Without the label a
            // field has the same number and wire type, so stubs from such a copy interoperate byte for byte.
            var copy = Path.Combine(outputDirectory, "_protos");
            CopyWithoutOptionalLabels(protoRoot, copy);
            result = await ProtocAsync(copy, outputDirectory);
        }

        Assert.That(result.ExitCode, Is.Zero, $"grpc_tools.protoc failed:\n{result.StandardOutput}\n{result.StandardError}");
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? pythonPath)
    {
        using var process = Process.Start(StartInfo(arguments, pythonPath))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Interpreter} {string.Join(' ', arguments)} did not finish.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string? pythonPath)
    {
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (pythonPath is not null)
        {
            info.Environment["PYTHONPATH"] = pythonPath;
        }

        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        // Loopback and Unix sockets only: no proxy may get in between.
        foreach (var proxy in new[] { "http_proxy", "https_proxy", "all_proxy", "grpc_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY" })
        {
            info.Environment.Remove(proxy);
        }

        return info;
    }

    private static Task<Result> ProtocAsync(string protoRoot, string outputDirectory)
    {
        var protos = Directory.GetFiles(Path.Combine(protoRoot, "odop", "v1"), "*.proto")
            .Select(p => Path.GetRelativePath(protoRoot, p))
            .Order(StringComparer.Ordinal);
        string[] arguments = ["-m", "grpc_tools.protoc", "-I", protoRoot, "--python_out=" + outputDirectory, "--grpc_python_out=" + outputDirectory, .. protos];
        return RunAsync(arguments, pythonPath: null);
    }

    private static void CopyWithoutOptionalLabels(string protoRoot, string destination)
    {
        var label = new Regex(@"^(\s*)optional\s+", RegexOptions.Multiline);
        foreach (var proto in Directory.GetFiles(protoRoot, "*.proto", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(protoRoot, proto));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, label.Replace(File.ReadAllText(proto), "$1"));
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Odop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Odop.sln above {AppContext.BaseDirectory}.");
    }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);
}
