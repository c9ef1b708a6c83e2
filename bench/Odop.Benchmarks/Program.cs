namespace Odop.Benchmarks; static class Program { static int Main() => 0; }
