export { WorkflowGraph } from './workflow-graph';
export { workflowGraph, workflowGraphs, type GraphWords, type WorkflowGraph as WorkflowGraphModel, type WorkflowPack } from './workflow-graph-model';
