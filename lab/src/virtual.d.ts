declare module 'virtual:lab-catalogue' {
  const entries: { file: string; name: string; title: string; description: string }[];
  export default entries;
}
