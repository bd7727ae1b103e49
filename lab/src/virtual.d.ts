declare module 'virtual:lab-catalogue' {
  const entries: {
    file: string;
    name: string;
    title: string;
    description: string;
    tr?: { title: string; description: string };
  }[];
  export default entries;
}

declare module 'virtual:hizir-answers' {
  /** In-scope test question → whether the real engine hands it to an officer. */
  const handoff: Record<string, boolean>;
  export default handoff;
}
