using Odop.Protocol.Tests.Infrastructure;

namespace Odop.Protocol.Tests.PythonInterop;

/// <summary>Once for all interop tests: check the Python side and generate its odop.v1 stubs.</summary>
[SetUpFixture]
public sealed class InteropSetUp
{
    private static TempDirectory? _stubs;

    /// <summary>PYTHONPATH for the scripts: where the generated odop.v1 modules are.</summary>
    public static string StubsPath => _stubs?.Path ?? throw new InvalidOperationException("Interop set-up did not run.");

    [OneTimeSetUp]
    public async Task PreparePython()
    {
        await Python.RequireGrpcAsync();
        _stubs = new TempDirectory();
        await Python.GenerateStubsAsync(_stubs.Path);
    }

    [OneTimeTearDown]
    public void RemoveStubs() => _stubs?.Dispose();
}
