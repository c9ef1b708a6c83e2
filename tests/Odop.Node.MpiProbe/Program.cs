// Odop MPI probe: checks the native shim and the node inventory exchange under mpirun.
//
//   mpirun -n 2 --oversubscribe dotnet Odop.Node.MpiProbe.dll [--node-name NAME]
//
// Every rank prints one JSON line {"kind":"rank",...}; world rank 0 then prints
// {"kind":"cluster","nodes":[...]}. The node name comes from --node-name, else ODOP_NODE_NAME,
// else the processor name (ranks then group by shared memory). Exit code 1 on an MPI error.
using System.Text.Json;
using Odop.Node.Cluster;
using Odop.Node.Mpi;

string? nodeName = NodeInventoryExchange.NodeNameOverrideFromEnvironment();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--node-name" && i + 1 < args.Length)
        nodeName = args[++i];
    else
    {
        Console.Error.WriteLine("usage: Odop.Node.MpiProbe [--node-name NAME]");
        return 2;
    }
}

try
{
    using var mpi = MpiSession.Init();
    var exchange = new NodeInventoryExchange(mpi, nodeName);
    exchange.Elect();
    bool runtimeFaultsOk = RuntimeStillHandlesFaults();
    WriteLine(w =>
    {
        w.WriteString("kind", "rank");
        w.WriteNumber("rank", mpi.Rank);
        w.WriteNumber("size", mpi.Size);
        w.WriteNumber("local_rank", mpi.LocalRank);
        w.WriteNumber("local_size", mpi.LocalSize);
        w.WriteBoolean("is_leader", mpi.IsNodeLeader);
        w.WriteNumber("node_count", mpi.NodeCount);
        w.WriteString("node_name", exchange.NodeName);
        w.WriteString("processor_name", mpi.ProcessorName);
        w.WriteString("thread_level", mpi.ThreadLevel.ToString());
        w.WriteNumber("pid", Environment.ProcessId);
        w.WriteBoolean("runtime_faults_ok", runtimeFaultsOk);
    });

    var inventory = JsonSerializer.SerializeToUtf8Bytes(new { node = exchange.NodeName, pid = Environment.ProcessId });
    var view = exchange.Exchange(inventory);
    if (mpi.Rank == 0)
    {
        WriteLine(w =>
        {
            w.WriteString("kind", "cluster");
            w.WriteString("mpi_library", mpi.LibraryVersion);
            w.WriteStartArray("nodes");
            foreach (var node in view.Nodes)
            {
                w.WriteStartObject();
                w.WriteString("node_name", node.NodeName);
                w.WriteNumber("world_rank", node.WorldRank);
                w.WritePropertyName("inventory");
                w.WriteRawValue(node.InventoryJson);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }
    mpi.Barrier();
    mpi.FinalizeMpi();
    return 0;
}
catch (Exception e) when (e is MpiException or DllNotFoundException)
{
    Console.Error.WriteLine($"mpi probe: {e.Message}");
    return 1;
}

// .NET turns SIGSEGV and SIGFPE into NullReferenceException and DivideByZeroException; an MPI
// library that installed its own handlers for them during init would crash the process here.
static bool RuntimeStillHandlesFaults()
{
    int caught = 0;
    try
    {
        object? nothing = Environment.GetEnvironmentVariable("ODOP_PROBE_UNSET_VARIABLE_42");
        _ = nothing!.GetHashCode();
    }
    catch (NullReferenceException)
    {
        caught++;
    }
    try
    {
        int zero = Environment.ProcessorCount - Environment.ProcessorCount;
        _ = 1 / zero;
    }
    catch (DivideByZeroException)
    {
        caught++;
    }
    return caught == 2;
}

// One object per line, written in one piece so lines from different ranks do not interleave.
static void WriteLine(Action<Utf8JsonWriter> body)
{
    using var buffer = new MemoryStream();
    using (var w = new Utf8JsonWriter(buffer))
    {
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
    }
    buffer.WriteByte((byte)'\n');
    using var stdout = Console.OpenStandardOutput();
    stdout.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    stdout.Flush();
}
