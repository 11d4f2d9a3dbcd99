package guanxi.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.neo4j.graphdb.ExecutionPlanDescription;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/**
 * {@code CALL guanxi.explain($query, $params)}: the operators of a query's plan, without
 * running it. Bolt drivers receive the plan in metadata that neo4rs does not expose; this
 * procedure lets guanxi's tests check that every pattern starts from index seeks and never
 * plans an AllNodesScan or a CartesianProduct. Only the local launcher registers it.
 */
public final class ExplainProcedure {
    /** The transaction the procedure runs in. */
    @Context
    public Transaction tx;

    /** One row: the plan's operator names, depth first. */
    public static final class Plan {
        /** Operator names, e.g. NodeIndexSeek, Expand(All), Filter. */
        public List<String> operators;

        Plan(List<String> operators) {
            this.operators = operators;
        }
    }

    /** Plans {@code query} with {@code params} and returns its operators. */
    @Procedure(name = "guanxi.explain", mode = Mode.READ)
    public Stream<Plan> explain(@Name("query") String query, @Name("params") Map<String, Object> params) {
        ExecutionPlanDescription plan = tx.execute("EXPLAIN " + query, params).getExecutionPlanDescription();
        List<String> operators = new ArrayList<>();
        collect(plan, operators);
        return Stream.of(new Plan(operators));
    }

    private static void collect(ExecutionPlanDescription plan, List<String> out) {
        out.add(plan.getName());
        for (ExecutionPlanDescription child : plan.getChildren()) {
            collect(child, out);
        }
    }
}
