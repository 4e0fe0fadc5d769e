using BenchmarkDotNet.Running;

namespace Atra.Benchmarks;

/// <summary><c>dotnet run -c Release --project Atra.Benchmarks -- --filter '*'</c>: every benchmark, or a filter.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
