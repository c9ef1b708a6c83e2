using Odop.Node.Sampling;
using Odop.Node.Sampling.Internal;

namespace Odop.Node.Tests.Sampling;

public class NvidiaSmiCsvTests
{
    private const long MiB = 1024 * 1024;

    [Test]
    public void ParsesOneGpuPerLineInPercentAndMiB()
    {
        var gpus = NvidiaSmiCsv.Parse("0, 45, 1024, 81559\n1, 0, 3, 81559\n");

        Assert.That(gpus, Is.EqualTo(new[]
        {
            new GpuUsage(0, 0.45, 1024 * MiB, 81559 * MiB),
            new GpuUsage(1, 0, 3 * MiB, 81559 * MiB),
        }));
    }

    [Test]
    public void NotAvailableFieldsAreNullAndJunkLinesSkipped()
    {
        var gpus = NvidiaSmiCsv.Parse("No devices were found\n0, [N/A], [N/A], 16384\n");

        Assert.That(gpus, Is.EqualTo(new[] { new GpuUsage(0, null, null, 16384 * MiB) }));
    }
}
