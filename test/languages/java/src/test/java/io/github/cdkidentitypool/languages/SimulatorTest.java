package io.github.cdkidentitypool.languages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdkidentitypool.AccessDecision;
import io.github.cdkidentitypool.Decision;
import io.github.cdkidentitypool.IdentityPoolSimulator;
import io.github.cdkidentitypool.SignInOptions;
import io.github.cdkidentitypool.SimulatedSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

class SimulatorTest {
  @Test
  @DisplayName("§4 §2 §6: cognito:groups as a Java list meets the Contains rule; the team tag scopes the folder")
  void aListClaimPicksTheRoleAndThePrincipalTagScopesTheFolder() {
    Stack stack = new Stack(new App(), VectorApp.VECTOR_STACK);
    VectorApp.Made made = VectorApp.buildVector(stack);
    Bucket files = (Bucket) stack.getNode().findChild("Files");

    SimulatedSession editor = IdentityPoolSimulator.of(made.pool).signIn(made.users, SignInOptions.builder()
        .claims(Map.of(
            "sub", "alice",
            "cognito:groups", List.of("staff", "editors"),
            "custom:department", "eng",
            "custom:team", "red"))
        .build());
    assertTrue(editor.getGranted(), editor.getReason());
    assertEquals("Editors", editor.getRole().getNode().getId());
    assertEquals(Map.of("department", "eng", "team", "red"), editor.getPrincipalTags());

    AccessDecision ownTeam = editor.evaluate("s3:PutObject", files.arnForObjects("teams/red/a.txt"));
    assertEquals(Decision.ALLOWED, ownTeam.getDecision(), ownTeam.getReason());
    AccessDecision otherTeam = editor.evaluate("s3:PutObject", files.arnForObjects("teams/blue/a.txt"));
    assertEquals(Decision.DENIED, otherTeam.getDecision(), otherTeam.getReason());
  }
}
