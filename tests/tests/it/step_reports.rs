//! `CompleteStep`'s answer over gRPC: a worker that keeps its result (`omit_reported_result`,
//! what the SDKs send) does not get it back; one that does not gets the echo it always got; a
//! duplicate report gets the journal's result, whatever it reported.

use aether_proto::v1::{
    self, client_service_client::ClientServiceClient, complete_step_request::Outcome,
    worker_service_client::WorkerServiceClient,
};

use crate::support::{TestEngine, next_grpc_task};

fn report(token: &str, position: u32, result: &[u8], omit: bool) -> v1::CompleteStepRequest {
    v1::CompleteStepRequest {
        task_token: token.into(),
        position,
        name: format!("step-{position}"),
        attempt: 1,
        outcome: Some(Outcome::Result(result.to_vec())),
        omit_reported_result: omit,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_recorded_result_goes_back_only_to_a_worker_that_does_not_keep_it() {
    let engine = TestEngine::start().await;
    let channel = engine.channel().await;
    let mut workers = WorkerServiceClient::new(channel.clone());
    workers
        .register(v1::RegisterRequest {
            worker_id: "reporter".into(),
            workflow_types: vec!["reported".into()],
            capacity: 1,
            ..Default::default()
        })
        .await
        .expect("the worker registers");
    let mut tasks = workers
        .poll_tasks(v1::PollTasksRequest {
            worker_id: "reporter".into(),
        })
        .await
        .expect("the worker polls")
        .into_inner();
    ClientServiceClient::new(channel)
        .start_workflow(v1::StartWorkflowRequest {
            workflow_type: "reported".into(),
            input: b"{}".to_vec(),
            ..Default::default()
        })
        .await
        .unwrap();
    let task = next_grpc_task(&mut tasks).await;
    let token = task.task_token.as_str();

    let kept = workers
        .complete_step(report(token, 0, b"\"kept\"", true))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(kept.outcome(), v1::StepOutcome::Succeeded, "{kept:?}");
    assert!(kept.as_reported, "{kept:?}");
    assert!(kept.result.is_empty(), "the worker keeps it: {kept:?}");

    let echoed = workers
        .complete_step(report(token, 1, b"\"echoed\"", false))
        .await
        .unwrap()
        .into_inner();
    assert!(echoed.as_reported, "{echoed:?}");
    assert_eq!(echoed.result, b"\"echoed\"", "{echoed:?}");

    // A duplicate of position 0 with another result: the journal's comes back, even to a
    // worker that keeps its own.
    let duplicate = workers
        .complete_step(report(token, 0, b"\"other\"", true))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        duplicate.outcome(),
        v1::StepOutcome::Succeeded,
        "{duplicate:?}"
    );
    assert!(!duplicate.as_reported, "{duplicate:?}");
    assert_eq!(duplicate.result, b"\"kept\"", "{duplicate:?}");
}
