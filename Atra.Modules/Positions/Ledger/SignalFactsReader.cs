using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Positions.Ledger;

/// <summary>Reads broadcast signals' state from <c>enhanced_signals</c> (the Signals module writes it before each event).</summary>
internal sealed class SignalFactsReader(IDbConnectionFactory connections)
{
    private const string ById = "SELECT " + SignalFacts.Columns + " FROM enhanced_signals WHERE id = @Id AND user_id IS NULL";

    public async Task<SignalFacts?> GetAsync(long signalId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<SignalFacts>(new CommandDefinition(ById, new { Id = signalId }, cancellationToken: ct)).ConfigureAwait(false);
    }
}
