#!/usr/bin/env python3
"""Writes the compressor's JSON fixtures. workflow-100-tasks.json: a FAILED Conductor workflow execution with 100 task entries.

Shaped like `components.schemas.Workflow` / `Task` / `WorkflowDef` / `WorkflowTask` in
specs/conductor-oss-3.x-2025-08.json and like what a Conductor 3.x server returns for
GET /api/workflow/{workflowId}?includeTasks=true: empty maps and lists are present, nulls are not
(the server serialises with NON_NULL), each task carries its `workflowTask`, the failing task was
retried twice (three entries share one referenceTaskName), and the parallel branch was CANCELED.

Also task-list.json (what POST /api/tasks/poll/batch/{tasktype} returns: a list of Task) and
search-result.json (GET /api/workflow/search: SearchResultWorkflowSummary, whose input/output are strings).

Deterministic: a fixed seed and fixed clock. Regenerate with
    python3 Fixtures/compression/make_workflow_fixture.py
"""
import json
import os
import random
import uuid

SEED = 20250817
rng = random.Random(SEED)


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


WORKFLOW_ID = uid()
WORKFLOW_NAME = "order_fulfillment"
WORKFLOW_VERSION = 7
T0 = 1755417600000  # 2025-08-17T08:00:00Z
ORDER_ID = "ORD-2025-0048213"
CUSTOMER_ID = "CUST-771204"

STAGES = [
    ("validate_order", "SIMPLE"), ("load_customer", "HTTP"), ("check_fraud_score", "HTTP"),
    ("normalise_address", "INLINE"), ("price_items", "SIMPLE"), ("apply_promotions", "JSON_JQ_TRANSFORM"),
    ("compute_tax", "HTTP"), ("check_stock", "HTTP"), ("allocate_warehouse", "SIMPLE"),
    ("build_pick_list", "INLINE"), ("notify_warehouse", "HTTP"), ("audit_log", "SIMPLE"),
]
WORKERS = ["worker-7c9f4d-1", "worker-7c9f4d-2", "worker-a13b22-1", "worker-a13b22-3"]


def input_for(name, n):
    base = {"orderId": ORDER_ID, "customerId": CUSTOMER_ID, "attempt": n}
    if name.startswith(("load_", "check_", "compute_", "notify_")):
        base["http_request"] = {
            "uri": f"https://internal.example.com/api/v2/{name.replace('_', '-')}/{ORDER_ID}",
            "method": "POST" if name.startswith("notify") else "GET",
            "headers": {"Accept": "application/json", "X-Request-Id": uid()},
            "connectionTimeOut": 3000, "readTimeOut": 5000,
        }
    if name in ("price_items", "apply_promotions", "build_pick_list"):
        base["items"] = [
            {"sku": f"SKU-{rng.randint(10000, 99999)}", "qty": rng.randint(1, 4),
             "unitPrice": round(rng.uniform(3, 250), 2)} for _ in range(rng.randint(2, 5))]
    if name == "normalise_address":
        base["evaluatorType"] = "graaljs"
        base["expression"] = ("(function(){ var a = $.address; return {line1: a.line1.trim().toUpperCase(), "
                              "postcode: a.postcode.replace(/\\s+/g, ''), country: a.country || 'GB'}; })()")
        base["address"] = {"line1": " 12 Harbour Street ", "city": "Leith", "postcode": "EH6 6LP"}
    if name == "apply_promotions":
        base["queryExpression"] = "[.items[] | .unitPrice * .qty] | add | . * (1 - ($promo.percent / 100))"
    return base


def output_for(name, n):
    if name.startswith(("load_", "check_", "compute_", "notify_")):
        body = {"orderId": ORDER_ID, "ok": True, "checkedAt": T0 + n * 1000}
        if name.startswith("check_fraud"):
            body["score"] = round(rng.uniform(0, 0.2), 3)
            body["signals"] = ["velocity_ok", "device_known", "geo_match"]
        if name.startswith("compute_tax"):
            body["tax"] = {"rate": 0.2, "amount": round(rng.uniform(5, 80), 2), "jurisdiction": "GB"}
        return {"response": {
            "headers": {"Content-Type": ["application/json"], "X-Trace-Id": [uid()]},
            "reasonPhrase": "OK", "body": body, "statusCode": 200}}
    if name == "audit_log":
        return {"logged": True, "entryId": uid()}
    if name == "normalise_address":
        return {"result": {"line1": "12 HARBOUR STREET", "postcode": "EH66LP", "country": "GB"}}
    return {"result": {"ok": True, "stage": name, "durationMs": rng.randint(3, 900)}}


def workflow_task(ref, name, ttype, n):
    task = {
        "name": name, "taskReferenceName": ref, "inputParameters": {
            "orderId": "${workflow.input.orderId}", "customerId": "${workflow.input.customerId}",
            "previous": f"${{{ref}_prev.output.result}}" if n > 1 else "${workflow.input}"},
        "type": ttype, "decisionCases": {}, "defaultCase": [], "forkTasks": [], "startDelay": 0,
        "joinOn": [], "optional": False, "defaultExclusiveJoinTask": [], "asyncComplete": False,
        "loopOver": [], "onStateChange": {}, "permissive": False,
    }
    if ttype == "SIMPLE":
        task["taskDefinition"] = {
            "name": name, "retryCount": 2, "timeoutSeconds": 600, "timeoutPolicy": "TIME_OUT_WF",
            "retryLogic": "FIXED", "retryDelaySeconds": 5, "responseTimeoutSeconds": 120, "inputKeys": [],
            "outputKeys": [], "ownerEmail": "fulfilment-team@example.com", "concurrentExecLimit": 0,
            "rateLimitPerFrequency": 0, "rateLimitFrequencyInSeconds": 1, "pollTimeoutSeconds": 3600,
            "backoffScaleFactor": 1, "enforceSchema": False, "inputTemplate": {},
        }
    return task


def make_task(seq, ref, name, ttype, status, start, duration, wf_task, retry=0, reason=None, retried=False):
    task = {
        "taskType": ttype, "status": status, "inputData": input_for(name, seq), "referenceTaskName": ref,
        "retryCount": retry, "seq": seq, "correlationId": ORDER_ID, "pollCount": 1 if ttype == "SIMPLE" else 0,
        "taskDefName": name, "scheduledTime": start - rng.randint(5, 60), "startTime": start,
        "endTime": start + duration if status != "IN_PROGRESS" else 0, "updateTime": start + duration,
        "startDelayInSeconds": 0, "retried": retried, "executed": status not in ("SCHEDULED", "IN_PROGRESS"),
        "callbackFromWorker": True, "responseTimeoutSeconds": 120 if ttype == "SIMPLE" else 0,
        "workflowInstanceId": WORKFLOW_ID, "workflowType": WORKFLOW_NAME, "taskId": uid(),
        "callbackAfterSeconds": 0, "outputData": output_for(name, seq) if status == "COMPLETED" else {},
        "workflowTask": wf_task, "rateLimitPerFrequency": 0, "rateLimitFrequencyInSeconds": 0,
        "workflowPriority": 0, "iteration": 0, "subworkflowChanged": False, "firstStartTime": 0,
        "loopOverTask": False, "queueWaitTime": rng.randint(2, 400),
    }
    if ttype == "SIMPLE":
        task["workerId"] = rng.choice(WORKERS)
    if reason:
        task["reasonForIncompletion"] = reason
    return task


tasks = []
definition_tasks = []
clock = T0 + 1200
seq = 0
# 92 sequential tasks: the twelve stages over and over for the order's eight shipments.
for i in range(92):
    stage, ttype = STAGES[i % len(STAGES)]
    shipment = i // len(STAGES) + 1
    ref = f"{stage}_{shipment}"
    seq += 1
    wt = workflow_task(ref, stage, ttype, seq)
    definition_tasks.append(wt)
    duration = rng.randint(8, 1500)
    tasks.append(make_task(seq, ref, stage, ttype, "COMPLETED", clock, duration, wt))
    clock += duration + rng.randint(5, 80)

# A fork: payment on one branch, inventory reservation and label printing on the other.
charge = workflow_task("charge_payment", "charge_payment", "SIMPLE", 91)
reserve = workflow_task("reserve_inventory", "reserve_inventory", "SIMPLE", 92)
label = workflow_task("print_shipping_label", "print_shipping_label", "HTTP", 93)
notify = workflow_task("notify_customer_shipped", "notify_customer", "HTTP", 94)
fork = workflow_task("payment_and_stock_fork", "payment_and_stock_fork", "FORK_JOIN", 95)
fork["forkTasks"] = [[charge], [reserve, label, notify]]
join = workflow_task("payment_and_stock_join", "payment_and_stock_join", "JOIN", 96)
join["joinOn"] = ["charge_payment", "notify_customer_shipped"]
definition_tasks += [fork, join]

seq += 1
tasks.append(make_task(seq, "payment_and_stock_fork", "payment_and_stock_fork", "FORK", "COMPLETED", clock, 3, fork))
fork_time = clock + 3
seq += 1
tasks.append(make_task(seq, "reserve_inventory", "reserve_inventory", "SIMPLE", "COMPLETED", fork_time, 412, reserve))
seq += 1
tasks.append(make_task(seq, "print_shipping_label", "print_shipping_label", "HTTP", "COMPLETED", fork_time + 420, 290, label))
seq += 1
tasks.append(make_task(seq, "notify_customer_shipped", "notify_customer", "HTTP", "CANCELED", fork_time + 715, 40, notify,
                       reason="Workflow is in terminal state: FAILED"))
seq += 1
join_task = make_task(seq, "payment_and_stock_join", "payment_and_stock_join", "JOIN", "CANCELED", fork_time, 9000, join,
                      reason="Workflow is in terminal state: FAILED")
join_task["inputData"] = {"joinOn": ["charge_payment", "notify_customer_shipped"]}
tasks.append(join_task)

DECLINE = ("Payment declined by gateway: card_declined (insufficient_funds); gateway=stripe, "
           "charge=ch_3PqK2mL8xY, amount=184.97 GBP")
attempt_time = fork_time + 1
previous = None
for attempt in range(3):
    seq += 1
    final = attempt == 2
    entry = make_task(seq, "charge_payment", "charge_payment", "SIMPLE", "FAILED", attempt_time, 2300 + attempt * 40,
                      charge, retry=attempt, reason=DECLINE, retried=not final)
    entry["outputData"] = {"gatewayResponse": {"code": "card_declined", "declineCode": "insufficient_funds",
                                               "chargeId": "ch_3PqK2mL8xY", "message": "Your card has insufficient funds."}}
    if previous is not None:
        entry["retriedTaskId"] = previous["taskId"]
    tasks.append(entry)
    previous = entry
    attempt_time += 2300 + attempt * 40 + 5000

# Order as the server returns them: by seq, with the retries in between branch tasks.
tasks.sort(key=lambda t: (t["startTime"], t["seq"]))
for position, task in enumerate(tasks, start=1):
    task["seq"] = position
assert len(tasks) == 100, len(tasks)
end = attempt_time

workflow = {
    "ownerApp": "", "createTime": T0, "updateTime": end, "createdBy": "",
    "status": "FAILED", "endTime": end, "workflowId": WORKFLOW_ID,
    "tasks": tasks,
    "input": {
        "orderId": ORDER_ID, "customerId": CUSTOMER_ID, "channel": "web", "currency": "GBP",
        "shipments": 8, "items": [{"sku": "SKU-31337", "qty": 2}, {"sku": "SKU-20488", "qty": 1}],
        "notes": "Leave with neighbour at no. 14 if nobody answers. " * 6,
    },
    "output": {},
    "correlationId": ORDER_ID,
    "reasonForIncompletion": DECLINE,
    "taskToDomain": {},
    "failedReferenceTaskNames": ["charge_payment"],
    "workflowDefinition": {
        "createTime": T0 - 86400000 * 30, "updateTime": T0 - 86400000 * 2, "name": WORKFLOW_NAME,
        "description": "Validates, prices, allocates and ships an order, then charges the customer.",
        "version": WORKFLOW_VERSION, "tasks": definition_tasks,
        "inputParameters": ["orderId", "customerId", "channel", "currency", "shipments", "items", "notes"],
        "outputParameters": {"orderId": "${workflow.input.orderId}", "chargeId": "${charge_payment.output.chargeId}"},
        "failureWorkflow": "order_fulfillment_compensation", "schemaVersion": 2, "restartable": True,
        "workflowStatusListenerEnabled": False, "ownerEmail": "fulfilment-team@example.com",
        "timeoutPolicy": "ALERT_ONLY", "timeoutSeconds": 0, "variables": {}, "inputTemplate": {},
        "enforceSchema": True, "metadata": {},
    },
    "priority": 0, "variables": {}, "lastRetriedTime": 0,
    "failedTaskNames": ["charge_payment"], "history": [],
    "workflowName": WORKFLOW_NAME, "workflowVersion": WORKFLOW_VERSION, "startTime": T0,
}

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "workflow-100-tasks.json"), "w") as f:
    json.dump(workflow, f, indent=2)
    f.write("\n")

# A batch poll: twelve IN_PROGRESS copies of the SIMPLE stages for other orders.
batch = []
for n in range(12):
    stage, _ = STAGES[[0, 4, 8, 11][n % 4]]
    ref = f"{stage}_{n % 3 + 1}"
    task = make_task(n + 1, ref, stage, "SIMPLE", "IN_PROGRESS", T0 + 86400000 + n * 750, 0,
                     workflow_task(ref, stage, "SIMPLE", n + 1))
    task["workflowInstanceId"] = uid()
    task["correlationId"] = f"ORD-2025-{48300 + n:07d}"
    task["inputData"]["orderId"] = task["correlationId"]
    task["pollCount"] = n % 3 + 1
    batch.append(task)
with open(os.path.join(here, "task-list.json"), "w") as f:
    json.dump(batch, f, indent=2)
    f.write("\n")

# A search page: 50 of 214 hits, mostly COMPLETED, some FAILED/RUNNING/TIMED_OUT.
summaries = []
for n in range(50):
    status = rng.choices(["COMPLETED", "FAILED", "RUNNING", "TIMED_OUT", "TERMINATED"], [30, 8, 6, 3, 3])[0]
    order = f"ORD-2025-{47000 + n * 17:07d}"
    start = T0 - n * 3600000
    summary = {
        "workflowType": WORKFLOW_NAME, "version": WORKFLOW_VERSION, "workflowId": uid(), "correlationId": order,
        "startTime": f"2025-08-17T{7 - n // 60:02d}:{59 - n % 60:02d}:00.000Z",
        "updateTime": f"2025-08-17T{7 - n // 60:02d}:{59 - n % 60:02d}:42.118Z",
        "status": status,
        "input": json.dumps({"orderId": order, "customerId": f"CUST-{770000 + n * 31}", "channel": "web",
                             "currency": "GBP", "shipments": rng.randint(1, 8)}),
        "output": json.dumps({"orderId": order, "chargeId": f"ch_{uid()[:12]}"}) if status == "COMPLETED" else "{}",
        "executionTime": rng.randint(4000, 90000) if status != "RUNNING" else 0,
        "event": "", "failedReferenceTaskNames": "", "priority": 0, "failedTaskNames": [],
        "createdBy": "", "taskToDomain": {}, "inputSize": rng.randint(120, 400), "outputSize": rng.randint(2, 200),
    }
    if status != "RUNNING":
        summary["endTime"] = f"2025-08-17T{7 - n // 60:02d}:{59 - n % 60:02d}:58.004Z"
    if status == "FAILED":
        summary["reasonForIncompletion"] = rng.choice([DECLINE, "Task check_stock_3 failed: HTTP 503 from inventory service"])
        summary["failedReferenceTaskNames"] = "charge_payment"
        summary["failedTaskNames"] = ["charge_payment"]
    if status == "TIMED_OUT":
        summary["reasonForIncompletion"] = "Workflow timed out after 3600 seconds"
    summaries.append(summary)
with open(os.path.join(here, "search-result.json"), "w") as f:
    json.dump({"totalHits": 214, "results": summaries}, f, indent=2)
    f.write("\n")
